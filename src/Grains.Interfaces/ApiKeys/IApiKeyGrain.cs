namespace Insure.Grains;

/// <summary>
/// An API key. Keyed `{orgId}/{environment}/{keyId}`; the grain only ever holds the SHA-256 hash of the key, which
/// the Api composes and shows once.
/// </summary>
[Alias("insure.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey, ILeasedRead<ApiKeyInfo>
{
    /// <summary>
    /// Creates the key when the rules allow it (scopes, expiry capped to the creating key's, the organization's cap and
    /// live approval), linking it to the key that created it.
    /// </summary>
    [Alias("Create")]
    Task<Outcome<ApiKeyInfo>> Create(NewApiKey request);

    [ReadOnly, Alias("Get")]
    Task<ApiKeyInfo?> Get();

    /// <summary>
    /// Checks a presented secret's hash in constant time, then the key's own standing (revoked, expired); never writes.
    /// The organization's standing is checked by the tenant's rate-limit bucket on the same request. An id with
    /// no key behind it deactivates at once, so made-up ids do not stay in memory.
    /// </summary>
    [ReadOnly, Alias("Authenticate")]
    Task<ApiKeyCheck> Authenticate(byte[] secretHash);

    /// <summary>
    /// Records a key this key is creating, so that revoking this key revokes that one too. False when this key can
    /// no longer create keys (no such key, revoked or expired).
    /// </summary>
    [Alias("AddChild")]
    Task<bool> AddChild(string keyId);

    /// <summary>
    /// Revokes the key and, recursively, the keys it created. <paramref name="revokerScopes"/> are the scopes of the key
    /// asking, which must cover this key's (null: the platform operator or a cascade). Revoking a revoked key repeats the
    /// cascade, which completes one an earlier failure cut short.
    /// </summary>
    [Alias("Revoke")]
    Task<Outcome<ApiKeyInfo>> Revoke(Actor by, string[]? revokerScopes);
}
