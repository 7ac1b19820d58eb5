using Insure.Grains;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Insure.Api.Infrastructure;

/// <summary>What a validated agency access token says: whose it is and the generations that must still hold.</summary>
public sealed record AgencyTokenClaims(
    Tenant Tenant,
    string IntegrationId,
    string AgencyId,
    string TokenReference,
    string? AgentId,
    long KeyGeneration,
    long TokenGeneration,
    DateTimeOffset ExpiresAt)
{
    public const string Reference = "ref";
    public const string AgentIdClaim = "agentId";
    public const string OrgId = "orgId";
    public const string Environment = "environment";
    public const string IntegrationIdClaim = "integrationId";
    public const string AgencyIdClaim = "agencyId";
    public const string KeyGenerationClaim = "keyGeneration";
    public const string TokenGenerationClaim = "tokenGeneration";

    /// <summary>The claims of a token whose signature checked out; null when any is missing or malformed.</summary>
    public static AgencyTokenClaims? Read(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<string>(OrgId, out var orgId) || !Ids.IsValid(IdPrefixes.Organization, orgId)
            || !token.TryGetPayloadValue<string>(Environment, out var environment) || !Tenant.IsEnvironment(environment)
            || !token.TryGetPayloadValue<string>(IntegrationIdClaim, out var integrationId) || !Ids.IsValid(IdPrefixes.Integration, integrationId)
            || !token.TryGetPayloadValue<string>(AgencyIdClaim, out var agencyId) || !Ids.IsValid(IdPrefixes.Producer, agencyId)
            || !token.TryGetPayloadValue<string>(Reference, out var reference) || string.IsNullOrEmpty(reference)
            || !token.TryGetPayloadValue<long>(KeyGenerationClaim, out var keyGeneration)
            || !token.TryGetPayloadValue<long>(TokenGenerationClaim, out var tokenGeneration))
        {
            return null;
        }
        string? agentId = null;
        if (token.TryGetPayloadValue<string>(AgentIdClaim, out var agent) && !Ids.IsValid(IdPrefixes.Producer, agentId = agent))
        {
            return null;
        }
        return new AgencyTokenClaims(new Tenant(orgId, environment), integrationId, agencyId, reference, agentId,
            keyGeneration, tokenGeneration, new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
    }
}
