namespace Insure.Api.Features.Integrations;

/// <summary>An agency (`prd_` id of a producer of type agency) for the integration to reach.</summary>
public sealed record AddIntegrationAgencyRequest(string? AgencyId);
