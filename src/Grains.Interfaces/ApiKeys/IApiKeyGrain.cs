namespace Insure.Grains;

/// <summary>
/// An API key. Keyed `{orgId}/{environment}/{keyId}`; the grain only ever holds the SHA-256 hash of the key, which
/// the Api composes and shows once.
/// </summary>
[Alias("insure.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<ApiKeyInfo> Create(NewApiKey request);

    [ReadOnly, Alias("Get")]
    Task<ApiKeyInfo?> Get();

    /// <summary>
    /// Checks a presented secret's hash in constant time, then the organization's status; never writes. An id with
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
    /// Revokes the key and, recursively, the keys it created; returns null when there is no such key. Revoking a
    /// revoked key repeats the cascade, which completes one an earlier failure cut short.
    /// </summary>
    [Alias("Revoke")]
    Task<ApiKeyInfo?> Revoke(Actor by);
}

[GenerateSerializer, Immutable, Alias("insure.new-api-key")]
public sealed record NewApiKey(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Scopes,
    [property: Id(2)] DateTimeOffset? ExpiresAt,
    [property: Id(3)] Actor CreatedBy,
    [property: Id(4)] byte[] SecretHash,
    [property: Id(5)] string Last4);

[GenerateSerializer, Immutable, Alias("insure.api-key-info")]
public sealed record ApiKeyInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Environment,
    [property: Id(3)] string Name,
    [property: Id(4)] string[] Scopes,
    [property: Id(5)] string Prefix,
    [property: Id(6)] string Last4,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? ExpiresAt,
    [property: Id(9)] DateTimeOffset? RevokedAt,
    [property: Id(10)] Actor CreatedBy,
    [property: Id(11)] Actor? RevokedBy);

public enum ApiKeyStatus
{
    Valid = 0,
    Unknown = 1,
    Revoked = 2,
    Expired = 3,
    /// <summary>The key is fine but its organization is suspended.</summary>
    OrganizationSuspended = 4,
    /// <summary>A production key of an organization whose live approval was withdrawn.</summary>
    LiveNotApproved = 5,
}

/// <summary>
/// The outcome of presenting a key: its status and, when valid, what the holder may do, its organization's
/// rate-limit tier, and when the key expires (keys it creates expire no later).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.api-key-check")]
public sealed record ApiKeyCheck(
    [property: Id(0)] ApiKeyStatus Status,
    [property: Id(1)] string[] Scopes,
    [property: Id(2)] string Tier,
    [property: Id(3)] DateTimeOffset? ExpiresAt = null)
{
    public static readonly ApiKeyCheck Unknown = new(ApiKeyStatus.Unknown, [], OrganizationTiers.Standard);
}
