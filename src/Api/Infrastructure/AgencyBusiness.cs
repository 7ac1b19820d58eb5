namespace Insure.Api.Infrastructure;

/// <summary>
/// Endpoint metadata: agency access tokens may call this endpoint. <paramref name="Kind"/> names what its `{id}` route
/// value is (<see cref="AgencyVisibility"/>'s kinds), or is null when the endpoint has no agency-owned id to check.
/// </summary>
public sealed record AgencyBusiness(string? Kind);
