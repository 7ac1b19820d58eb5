namespace Insure.Grains;

/// <summary>
/// An integration secret key: `isk_test_` (sandbox) or `isk_live_` (production), the organization and integration ids
/// without their prefixes, a random secret and a tag, `isk_test_{org}_{integration}_{secret}_{tag}`: the shape of an API
/// key (<see cref="TaggedKeyFormat"/>), so it too names the one grain that can check its secret, and its tag lets the
/// Api refuse a made-up key before any grain is reached.
/// </summary>
public static class IntegrationKeyFormat
{
    private static readonly TaggedKeyFormat Format = new("isk_test_", "isk_live_", IdPrefixes.Integration);

    public const string Prefix = "isk_";
    public const string TestPrefix = "isk_test_";
    public const string LivePrefix = "isk_live_";

    /// <summary>The length of every integration secret key.</summary>
    public static int Length => Format.Length;

    public static string PrefixFor(string environment) => Format.PrefixFor(environment);

    /// <summary>A new key for <paramref name="integrationId"/> with a fresh secret, tagged under <paramref name="tagKey"/>.</summary>
    public static string Compose(Tenant tenant, string integrationId, ReadOnlySpan<byte> tagKey) =>
        Format.Compose(tenant, integrationId, TaggedKeyFormat.NewSecret(), tagKey);

    public static byte[] Hash(string presentedKey) => TaggedKeyFormat.Hash(presentedKey);

    /// <summary>True when a key <see cref="TryParse"/> accepted carries the tag <paramref name="tagKey"/> gives its body (constant time).</summary>
    public static bool HasValidTag(string presented, ReadOnlySpan<byte> tagKey) => Format.HasValidTag(presented, tagKey);

    /// <summary>Reads the tenant and integration id out of a presented key; false for anything not shaped like one.</summary>
    public static bool TryParse(string? presented, out Tenant tenant, out string integrationId) =>
        Format.TryParse(presented, out tenant, out integrationId);
}
