using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Insure.Grains;

/// <summary>
/// The shape shared by the platform's secret keys: `{test|live prefix}{org}_{id}_{secret}_{tag}`, the organization and
/// credential ids without their prefixes, a random secret, and a tag (a truncated HMAC-SHA256 of everything before it
/// under a server-held key). Carrying the ids lets the Api reach the one grain that can check the secret, without a
/// table keyed by secrets; the tag lets it refuse a made-up key by its shape alone, before any grain or storage read.
/// <see cref="ApiKeyFormat"/> and <see cref="IntegrationKeyFormat"/> are the two kinds.
/// </summary>
public sealed class TaggedKeyFormat
{
    private const int IdBody = 26;
    private const int SecretLength = 32;
    // 96 bits of the MAC: far past online guessing, and short enough to keep keys pasteable.
    private const int TagBytes = 12;
    private const int TagLength = TagBytes * 2;
    private const string SecretAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private readonly int _bodyLength;

    /// <param name="testPrefix">The sandbox prefix, e.g. `sk_test_`; the production one has the same length.</param>
    /// <param name="idPrefix">The prefix of the credential's id (`key`, `int`).</param>
    public TaggedKeyFormat(string testPrefix, string livePrefix, string idPrefix)
    {
        if (testPrefix.Length != livePrefix.Length)
        {
            throw new ArgumentException("The sandbox and production prefixes must be as long as each other.", nameof(livePrefix));
        }
        TestPrefix = testPrefix;
        LivePrefix = livePrefix;
        IdPrefix = idPrefix;
        _bodyLength = testPrefix.Length + IdBody + 1 + IdBody + 1 + SecretLength;
        Length = _bodyLength + 1 + TagLength;
    }

    public string TestPrefix { get; }
    public string LivePrefix { get; }
    public string IdPrefix { get; }

    /// <summary>The length of every key of this kind.</summary>
    public int Length { get; }

    public string PrefixFor(string environment) => environment == Tenant.Production ? LivePrefix : TestPrefix;

    public static string NewSecret() => RandomNumberGenerator.GetString(SecretAlphabet, SecretLength);

    public static byte[] Hash(string presentedKey) => SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));

    /// <summary>A complete key: ids, <paramref name="secret"/>, and the tag under <paramref name="tagKey"/>.</summary>
    public string Compose(Tenant tenant, string id, string secret, ReadOnlySpan<byte> tagKey)
    {
        var body = $"{PrefixFor(tenant.Environment)}{tenant.OrgId[4..]}_{id[(IdPrefix.Length + 1)..]}_{secret}";
        Span<char> tag = stackalloc char[TagLength];
        WriteTag(body, tagKey, tag);
        return string.Concat(body, "_", tag);
    }

    /// <summary>True when a key that <see cref="TryParse"/> accepted carries the tag <paramref name="tagKey"/> gives its body (constant time).</summary>
    public bool HasValidTag(string presented, ReadOnlySpan<byte> tagKey)
    {
        if (presented.Length != Length)
        {
            return false;
        }
        Span<char> expected = stackalloc char[TagLength];
        WriteTag(presented.AsSpan(0, _bodyLength), tagKey, expected);
        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes((ReadOnlySpan<char>)expected), MemoryMarshal.AsBytes(presented.AsSpan(_bodyLength + 1)));
    }

    /// <summary>Reads the tenant and credential id out of a presented key; false for anything not shaped like one.</summary>
    public bool TryParse(string? presented, out Tenant tenant, out string id)
    {
        tenant = null!;
        id = null!;
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
        if (body[IdBody] != '_' || body[IdBody * 2 + 1] != '_' || presented[_bodyLength] != '_')
        {
            return false;
        }
        foreach (var c in presented.AsSpan(_bodyLength - SecretLength, SecretLength))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        foreach (var c in presented.AsSpan(_bodyLength + 1))
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }
        var orgId = IdPrefixes.Organization + "_" + body[..IdBody].ToString();
        var credential = IdPrefix + "_" + body.Slice(IdBody + 1, IdBody).ToString();
        if (!Ids.IsValid(IdPrefixes.Organization, orgId) || !Ids.IsValid(IdPrefix, credential))
        {
            return false;
        }
        tenant = new Tenant(orgId, environment);
        id = credential;
        return true;
    }

    private void WriteTag(ReadOnlySpan<char> body, ReadOnlySpan<byte> tagKey, Span<char> destination)
    {
        // Keys are ASCII (TryParse checked every character), so one byte per character.
        Span<byte> bytes = stackalloc byte[_bodyLength];
        var length = Encoding.ASCII.GetBytes(body, bytes);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(tagKey, bytes[..length], mac);
        Convert.TryToHexStringLower(mac[..TagBytes], destination, out _);
    }
}
