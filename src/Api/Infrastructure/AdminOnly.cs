namespace Insure.Api.Infrastructure;

/// <summary>Endpoint metadata: the platform admin secret is required.</summary>
public sealed record AdminOnly;
