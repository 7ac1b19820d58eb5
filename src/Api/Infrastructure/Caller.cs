using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// The authenticated credential behind a request: an API key, or an agency access token (<paramref name="Agency"/> set;
/// <paramref name="KeyId"/> is then its token reference, which its idempotency records are kept under; its rate-limit
/// window is its integration and agency's). <paramref name="ExpiresAt"/> is the credential's own expiry.
/// </summary>
public sealed record Caller(Tenant Tenant, string KeyId, string[] Scopes, DateTimeOffset? ExpiresAt = null, AgencyAccess? Agency = null)
{
    public Actor Actor => Agency is { } agency ? Actor.AgencyToken(agency.TokenReference, agency.AgencyId, agency.AgentId) : Actor.ApiKey(KeyId, Tenant.OrgId);

    /// <summary>
    /// The rate-limit window the credential counts in: a key's own, and for an agency token its (integration, agency)
    /// pair's, shared by all the tokens made for that pair (agents' too). Made once, as the caller is remembered.
    /// </summary>
    public string RateWindow { get; } = Agency is { } pair ? $"{pair.IntegrationId}/{pair.AgencyId}" : KeyId;

    /// <summary>How errors name the credential.</summary>
    public string CredentialName => Agency is null ? "API key" : "agency access token";

    public bool Has(string scope) => Scopes.Any(granted => ApiScopes.Covers(granted, scope));
}
