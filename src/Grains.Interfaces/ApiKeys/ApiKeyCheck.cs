namespace Insure.Grains;

/// <summary>
/// The outcome of presenting a key: its status and, when valid, what the holder may do and when the key expires
/// (keys it creates expire no later). The organization's standing and tier are the
/// tenant's rate-limit bucket's to apply.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.api-key-check")]
public sealed record ApiKeyCheck(
    [property: Id(0)] ApiKeyStatus Status,
    [property: Id(1)] string[] Scopes,
    [property: Id(3)] DateTimeOffset? ExpiresAt = null)
{
    public static readonly ApiKeyCheck Unknown = new(ApiKeyStatus.Unknown, []);
}
