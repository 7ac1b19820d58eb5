namespace Insure.Grains;

/// <summary>
/// An API key: `sk_test_` or `sk_live_`, then the organization and key ids without their prefixes, a random secret,
/// and a tag: `sk_test_{org}_{key}_{secret}_{tag}` (the shape is <see cref="TaggedKeyFormat"/>'s).
/// </summary>
public static class ApiKeyFormat
{
    private static readonly TaggedKeyFormat Format = new("sk_test_", "sk_live_", IdPrefixes.ApiKey);

    public const string TestPrefix = "sk_test_";
    public const string LivePrefix = "sk_live_";

    /// <summary>The length of every key.</summary>
    public static int Length => Format.Length;

    public static string PrefixFor(string environment) => Format.PrefixFor(environment);

    /// <summary>A complete key: ids, <paramref name="secret"/>, and the tag under <paramref name="signingKey"/>.</summary>
    public static string Compose(Tenant tenant, string keyId, string secret, ReadOnlySpan<byte> signingKey) =>
        Format.Compose(tenant, keyId, secret, signingKey);

    public static string NewSecret() => TaggedKeyFormat.NewSecret();

    public static byte[] Hash(string presentedKey) => TaggedKeyFormat.Hash(presentedKey);

    /// <summary>True when a key that <see cref="TryParse"/> accepted carries the tag <paramref name="signingKey"/> gives its body (constant time).</summary>
    public static bool HasValidTag(string presented, ReadOnlySpan<byte> signingKey) => Format.HasValidTag(presented, signingKey);

    /// <summary>Reads the tenant and key id out of a presented key; false for anything not shaped like one.</summary>
    public static bool TryParse(string? presented, out Tenant tenant, out string keyId) => Format.TryParse(presented, out tenant, out keyId);
}
