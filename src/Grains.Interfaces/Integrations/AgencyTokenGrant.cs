namespace Insure.Grains;

/// <summary>
/// What an agency access token is made for: one agency an integration reaches (and, when named, one of its agents),
/// with the generations that revoke it, the integration's key generation and the agency's token generation.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.agency-token-grant")]
public sealed record AgencyTokenGrant(
    [property: Id(0)] string IntegrationId,
    [property: Id(1)] string TokenReference,
    [property: Id(2)] string AgencyId,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] long KeyGeneration,
    [property: Id(5)] long AgencyGeneration);
