using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Insure.Grains;

/// <summary>
/// The presented key is `sk_test_` or `sk_live_`, then the organization and key ids without their prefixes, a
/// random secret, and a tag: `sk_test_{org}_{key}_{secret}_{tag}`. Carrying the ids lets the Api reach the one
/// grain that can check the secret, without a lookup table keyed by secrets. The tag is a truncated
/// HMAC-SHA256 of everything before it under a server secret, so the Api refuses a made-up key by its shape and
/// tag alone, before any grain is activated or any storage read.
/// </summary>
public static class ApiKeyFormat
{
    public const string TestPrefix = "sk_test_";
    public const string LivePrefix = "sk_live_";
    private const int IdBody = 26;
    private const int SecretLength = 32;
    // 96 bits of the MAC: far past online guessing, and short enough to keep keys pasteable.
    private const int TagBytes = 12;
    private const int TagLength = TagBytes * 2;
    private const int BodyLength = 8 + IdBody + 1 + IdBody + 1 + SecretLength;
    /// <summary>The length of every key.</summary>
    public const int Length = BodyLength + 1 + TagLength;
    private const string SecretAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string PrefixFor(string environment) => environment == Tenant.Production ? LivePrefix : TestPrefix;

    /// <summary>A complete key: ids, <paramref name="secret"/>, and the tag under <paramref name="signingKey"/>.</summary>
    public static string Compose(Tenant tenant, string keyId, string secret, ReadOnlySpan<byte> signingKey)
    {
        var body = $"{PrefixFor(tenant.Environment)}{tenant.OrgId[4..]}_{keyId[4..]}_{secret}";
        Span<char> tag = stackalloc char[TagLength];
        WriteTag(body, signingKey, tag);
        return string.Concat(body, "_", tag);
    }

    public static string NewSecret()
    {
        return RandomNumberGenerator.GetString(SecretAlphabet, SecretLength);
    }

    public static byte[] Hash(string presentedKey) => SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));

    /// <summary>
    /// True when a key that <see cref="TryParse"/> accepted carries the tag <paramref name="signingKey"/> gives its
    /// body. Compared in constant time.
    /// </summary>
    public static bool HasValidTag(string presented, ReadOnlySpan<byte> signingKey)
    {
        if (presented.Length != Length)
        {
            return false;
        }
        Span<char> expected = stackalloc char[TagLength];
        WriteTag(presented.AsSpan(0, BodyLength), signingKey, expected);
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes((ReadOnlySpan<char>)expected), MemoryMarshal.AsBytes(presented.AsSpan(BodyLength + 1)));
    }

    /// <summary>Reads the tenant and key id out of a presented key; false for anything not shaped like one.</summary>
    public static bool TryParse(string? presented, out Tenant tenant, out string keyId)
    {
        tenant = null!;
        keyId = null!;
        if (presented is null || presented.Length != Length)
        {
            return false;
        }
        string environment;
        if (presented.StartsWith(TestPrefix, StringComparison.Ordinal))
        {
            environment = Tenant.Sandbox;
        }
        else if (presented.StartsWith(LivePrefix, StringComparison.Ordinal))
        {
            environment = Tenant.Production;
        }
        else
        {
            return false;
        }
        var body = presented.AsSpan(TestPrefix.Length);
        if (body[IdBody] != '_' || body[IdBody * 2 + 1] != '_' || presented[BodyLength] != '_')
        {
            return false;
        }
        foreach (var c in presented.AsSpan(BodyLength - SecretLength, SecretLength))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        foreach (var c in presented.AsSpan(BodyLength + 1))
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }
        var orgId = "org_" + body[..IdBody].ToString();
        var id = "key_" + body.Slice(IdBody + 1, IdBody).ToString();
        if (!Ids.IsValid("org", orgId) || !Ids.IsValid("key", id))
        {
            return false;
        }
        tenant = new Tenant(orgId, environment);
        keyId = id;
        return true;
    }

    private static void WriteTag(ReadOnlySpan<char> body, ReadOnlySpan<byte> signingKey, Span<char> destination)
    {
        // Keys are ASCII (TryParse checked every character), so one byte per character.
        Span<byte> bytes = stackalloc byte[BodyLength];
        var length = Encoding.ASCII.GetBytes(body, bytes);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(signingKey, bytes[..length], mac);
        Convert.TryToHexStringLower(mac[..TagBytes], destination, out _);
    }
}
