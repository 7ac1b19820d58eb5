namespace Insure.Grains;

/// <summary>
/// The outcome of presenting a key: its status and, when valid, what the holder may do and when the key expires
/// (keys it creates expire no later). <see cref="Tier"/> is no longer read: the rate-limit bucket knows the tier.
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
