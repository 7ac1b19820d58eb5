using System.Security.Cryptography;
using System.Text;

namespace Insure.Grains;

/// <summary>
/// The presented key is `sk_test_` or `sk_live_`, then the organization and key ids without their prefixes,
/// then a random secret: `sk_test_{org}_{key}_{secret}`. Carrying the ids lets the Api reach the one grain
/// that can check the secret, without a lookup table keyed by secrets.
/// </summary>
public static class ApiKeyFormat
{
    public const string TestPrefix = "sk_test_";
    public const string LivePrefix = "sk_live_";
    private const int IdBody = 26;
    private const int SecretLength = 32;
    private const string SecretAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string PrefixFor(string environment) => environment == Tenant.Production ? LivePrefix : TestPrefix;

    public static string Compose(Tenant tenant, string keyId, string secret) =>
        $"{PrefixFor(tenant.Environment)}{tenant.OrgId[4..]}_{keyId[4..]}_{secret}";

    public static string NewSecret()
    {
        return RandomNumberGenerator.GetString(SecretAlphabet, SecretLength);
    }

    public static byte[] Hash(string presentedKey) => SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));

    /// <summary>Reads the tenant and key id out of a presented key; false for anything not shaped like one.</summary>
    public static bool TryParse(string? presented, out Tenant tenant, out string keyId)
    {
        tenant = null!;
        keyId = null!;
        if (presented is null || presented.Length != TestPrefix.Length + IdBody + 1 + IdBody + 1 + SecretLength)
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
        if (body[IdBody] != '_' || body[IdBody * 2 + 1] != '_')
        {
            return false;
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
}
