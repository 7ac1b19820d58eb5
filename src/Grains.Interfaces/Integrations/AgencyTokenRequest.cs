namespace Insure.Grains;

/// <summary>The body of Create token (`POST /v1/auth/token`): every field optional, blank ones already dropped by the Api.</summary>
[GenerateSerializer, Immutable, Alias("insure.agency-token-request")]
public sealed record AgencyTokenRequest(
    [property: Id(0)] string? AgentEmail,
    [property: Id(1)] string? AgentId,
    [property: Id(2)] string? PartnerAgencyId,
    [property: Id(3)] string? TokenReference);
