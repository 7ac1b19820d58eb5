using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Insure.Grains;

/// <summary>
/// An integration secret key: `isk_test_` (sandbox) or `isk_live_` (production), the organization and integration ids
/// without their prefixes, a random secret and a tag, `isk_test_{org}_{integration}_{secret}_{tag}`. Like an API key
/// (<see cref="ApiKeyFormat"/>) it names the one grain that can check its secret, and its tag (a truncated HMAC-SHA256
/// under a key derived from the server secret) lets the Api refuse a made-up key before any grain is reached.
/// </summary>
public static class IntegrationKeyFormat
{
    public const string Prefix = "isk_";
    public const string TestPrefix = "isk_test_";
    public const string LivePrefix = "isk_live_";
    private const int IdBody = 26;
    private const int SecretLength = 32;
    private const int TagBytes = 12;
    private const int TagLength = TagBytes * 2;
    private const int BodyLength = 9 + IdBody + 1 + IdBody + 1 + SecretLength;
    /// <summary>The length of every integration secret key.</summary>
    public const int Length = BodyLength + 1 + TagLength;
    private const string SecretAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string PrefixFor(string environment) => environment == Tenant.Production ? LivePrefix : TestPrefix;

    /// <summary>A new key for <paramref name="integrationId"/> with a fresh secret, tagged under <paramref name="tagKey"/>.</summary>
    public static string Compose(Tenant tenant, string integrationId, ReadOnlySpan<byte> tagKey)
    {
        var body = $"{PrefixFor(tenant.Environment)}{tenant.OrgId[4..]}_{integrationId[4..]}_{RandomNumberGenerator.GetString(SecretAlphabet, SecretLength)}";
        Span<char> tag = stackalloc char[TagLength];
        WriteTag(body, tagKey, tag);
        return string.Concat(body, "_", tag);
    }

    public static byte[] Hash(string presentedKey) => SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));

    /// <summary>True when a key <see cref="TryParse"/> accepted carries the tag <paramref name="tagKey"/> gives its body (constant time).</summary>
    public static bool HasValidTag(string presented, ReadOnlySpan<byte> tagKey)
    {
        if (presented.Length != Length)
        {
            return false;
        }
        Span<char> expected = stackalloc char[TagLength];
        WriteTag(presented.AsSpan(0, BodyLength), tagKey, expected);
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes((ReadOnlySpan<char>)expected), MemoryMarshal.AsBytes(presented.AsSpan(BodyLength + 1)));
    }

    /// <summary>Reads the tenant and integration id out of a presented key; false for anything not shaped like one.</summary>
    public static bool TryParse(string? presented, out Tenant tenant, out string integrationId)
    {
        tenant = null!;
        integrationId = null!;
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
        var id = IdPrefixes.Integration + "_" + body.Slice(IdBody + 1, IdBody).ToString();
        if (!Ids.IsValid(IdPrefixes.Organization, orgId) || !Ids.IsValid(IdPrefixes.Integration, id))
        {
            return false;
        }
        tenant = new Tenant(orgId, environment);
        integrationId = id;
        return true;
    }

    private static void WriteTag(ReadOnlySpan<char> body, ReadOnlySpan<byte> tagKey, Span<char> destination)
    {
        // Keys are ASCII (TryParse checked every character), so one byte per character.
        Span<byte> bytes = stackalloc byte[BodyLength];
        var length = Encoding.ASCII.GetBytes(body, bytes);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(tagKey, bytes[..length], mac);
        Convert.TryToHexStringLower(mac[..TagBytes], destination, out _);
    }
}
