using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Holds the server secret that tags API keys (see <see cref="ApiKeyFormat"/>): keys are composed here, and a
/// presented key whose tag does not match is refused before any grain call. Loaded once at start-up.
/// </summary>
public sealed class ApiKeySigner
{
    private byte[]? _key;
    private byte[]? _integrationKeyTag;

    private byte[] Key => _key ?? throw new InvalidOperationException("The API key signing secret has not been loaded yet.");

    /// <summary>Integration secret keys are tagged under a key of their own, so no API key's tag can pass for one's.</summary>
    private byte[] IntegrationKeyTag => _integrationKeyTag ??= Derive("integration-secret-keys");

    public void Load(byte[] key)
    {
        _key = key;
        _integrationKeyTag = null;
    }

    /// <summary>A new key for <paramref name="keyId"/> with a fresh random secret; the caller shows it once and stores only its hash.</summary>
    public string NewKey(Tenant tenant, string keyId) => ApiKeyFormat.Compose(tenant, keyId, ApiKeyFormat.NewSecret(), Key);

    /// <summary>A key for another use (signing deal-room links), derived from the server secret so every node shares it.</summary>
    public byte[] Derive(string purpose) =>
        System.Security.Cryptography.HMACSHA256.HashData(Key, System.Text.Encoding.UTF8.GetBytes(purpose));

    /// <summary>True when a well-formed key carries the tag this server gives it.</summary>
    public bool IsAuthentic(string presented) => ApiKeyFormat.HasValidTag(presented, Key);

    /// <summary>A new integration secret key (`isk_`) for <paramref name="integrationId"/>; shown once, stored as a hash.</summary>
    public string NewIntegrationKey(Tenant tenant, string integrationId) => IntegrationKeyFormat.Compose(tenant, integrationId, IntegrationKeyTag);

    /// <summary>True when a well-formed integration secret key carries the tag this server gives it.</summary>
    public bool IsAuthenticIntegrationKey(string presented) => IntegrationKeyFormat.HasValidTag(presented, IntegrationKeyTag);
}
