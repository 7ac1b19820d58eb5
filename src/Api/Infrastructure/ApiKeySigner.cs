using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Holds the server secret that tags API keys (see <see cref="ApiKeyFormat"/>): keys are composed here, and a
/// presented key whose tag does not match is refused before any grain call. Loaded once at start-up.
/// </summary>
public sealed class ApiKeySigner
{
    private byte[]? _key;

    private byte[] Key => _key ?? throw new InvalidOperationException("The API key signing secret has not been loaded yet.");

    public void Load(byte[] key) => _key = key;

    /// <summary>A new key for <paramref name="keyId"/> with a fresh random secret; the caller shows it once and stores only its hash.</summary>
    public string NewKey(Tenant tenant, string keyId) => ApiKeyFormat.Compose(tenant, keyId, ApiKeyFormat.NewSecret(), Key);

    /// <summary>A key for another use (signing deal-room links), derived from the server secret so every node shares it.</summary>
    public byte[] Derive(string purpose) =>
        System.Security.Cryptography.HMACSHA256.HashData(Key, System.Text.Encoding.UTF8.GetBytes(purpose));

    /// <summary>True when a well-formed key carries the tag this server gives it.</summary>
    public bool IsAuthentic(string presented) => ApiKeyFormat.HasValidTag(presented, Key);
}
