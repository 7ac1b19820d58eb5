using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>The authenticated API key behind a request; <paramref name="ExpiresAt"/> is the key's own expiry.</summary>
public sealed record Caller(Tenant Tenant, string KeyId, string[] Scopes, DateTimeOffset? ExpiresAt = null)
{
    public Actor Actor => Actor.ApiKey(KeyId, Tenant.OrgId);

    public bool Has(string scope) => Scopes.Any(granted => ApiScopes.Covers(granted, scope));
}
