using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Insure.Grains;
using Microsoft.IdentityModel.Tokens;

namespace Insure.Api.Infrastructure;

/// <summary>
/// This node's view of the platform's agency-token signing keys (<see cref="IAgencyTokenKeysGrain"/>). Signing reads
/// the keys from the grain each time, so every node signs with the key made active last, cluster-wide, at once.
/// Verification uses a copy kept here, read again at least every <see cref="RefreshEvery"/> and when a token names a
/// key it lacks (at most every <see cref="UnknownKeyBackoff"/>, so made-up key ids cannot make a grain call each). Private
/// keys are stored sealed (AES-GCM under a key derived from the deployment's key-signing secret, the key id as associated
/// data) and opened here only.
/// </summary>
public sealed class AgencyTokenKeyRing(
    IGrainFactory grains,
    ApiKeySigner signer,
    AgencyTokenLifetime lifetime,
    [FromKeyedServices(Names.Clock)] TimeProvider clock,
    ILogger<AgencyTokenKeyRing> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan UnknownKeyBackoff = TimeSpan.FromSeconds(5);
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly ConcurrentDictionary<string, ECDsa> _opened = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot _snapshot = new([], new Dictionary<string, SecurityKey>(StringComparer.Ordinal), DateTimeOffset.MinValue);

    /// <summary>
    /// How long a replaced key keeps verifying: a token's lifetime and the clock skew validation allows, plus a minute for
    /// tokens a node was signing with it while the rotation happened (it read the keys just before).
    /// </summary>
    public TimeSpan Overlap => lifetime.Value + RefreshEvery + AgencyAccessTokens.ClockSkew;

    private IAgencyTokenKeysGrain Grain => grains.GetGrain<IAgencyTokenKeysGrain>(0);

    /// <summary>The active key to sign with; the first one is made here when there is none.</summary>
    public async Task<(string KeyId, ECDsa Key)> SigningKey()
    {
        var set = await Grain.Get();
        Remember(set);
        if (set.Active is { } active && Open(active) is { } key)
        {
            return (active.KeyId, key);
        }
        // None yet, or one this node cannot open (the key-signing secret was changed): make one, unless another node just did.
        set = await Rotate(set.Active?.KeyId);
        return set.Active is { } made && Open(made) is { } madeKey
            ? (made.KeyId, madeKey)
            : throw new InvalidOperationException("The active agency-token signing key cannot be opened with this node's key-signing secret.");
    }

    /// <summary>
    /// Makes a new active key if <paramref name="replacing"/> is still the active one (null: there is none); the replaced
    /// key keeps verifying for <see cref="Overlap"/>. Returns the keys as they are afterwards.
    /// </summary>
    public async Task<AgencyTokenKeySet> Rotate(string? replacing)
    {
        var set = await Grain.Rotate(NewKey(), replacing, Overlap);
        Remember(set);
        return set;
    }

    /// <summary>The keys as the grain holds them now.</summary>
    public async Task<AgencyTokenKeySet> Current()
    {
        var set = await Grain.Get();
        Remember(set);
        return set;
    }

    /// <summary>The public key that verifies tokens signed with <paramref name="keyId"/>, or null when none does now.</summary>
    public async ValueTask<SecurityKey?> VerificationKey(string keyId)
    {
        var snapshot = _snapshot;
        var now = clock.GetUtcNow();
        var known = snapshot.Verifiers.ContainsKey(keyId);
        if (now - snapshot.ReadAt >= RefreshEvery || (!known && now - snapshot.ReadAt >= UnknownKeyBackoff))
        {
            snapshot = await Refresh(snapshot);
        }
        if (!snapshot.Verifiers.TryGetValue(keyId, out var verifier))
        {
            return null;
        }
        // A retired key past its window no longer verifies, even before the next read drops it.
        var until = snapshot.Keys.First(k => k.KeyId == keyId).VerifyUntil;
        return until is null || until > now ? verifier : null;
    }

    /// <summary>The public keys to publish (JWKS): this node's copy, read again when older than <see cref="RefreshEvery"/>.</summary>
    public async Task<IReadOnlyList<AgencyTokenKey>> Published()
    {
        var snapshot = _snapshot;
        var now = clock.GetUtcNow();
        if (now - snapshot.ReadAt >= RefreshEvery)
        {
            snapshot = await Refresh(snapshot);
        }
        return snapshot.Keys.Where(k => k.VerifyUntil is null || k.VerifyUntil > now).ToList();
    }

    private async Task<Snapshot> Refresh(Snapshot seen)
    {
        await _refreshing.WaitAsync();
        try
        {
            // Another request may have read the keys while this one waited.
            if (!ReferenceEquals(_snapshot, seen))
            {
                return _snapshot;
            }
            Remember(await Grain.Get());
            return _snapshot;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private void Remember(AgencyTokenKeySet set)
    {
        var verifiers = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        var previous = _snapshot.Verifiers;
        foreach (var key in set.Keys)
        {
            verifiers[key.KeyId] = previous.TryGetValue(key.KeyId, out var known) ? known : PublicKey(key);
        }
        _snapshot = new Snapshot(set.Keys, verifiers, clock.GetUtcNow());
    }

    private static ECDsaSecurityKey PublicKey(AgencyTokenKey key)
    {
        var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key.X, Y = key.Y } });
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }

    private AgencyTokenKey NewKey()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = ecdsa.ExportParameters(includePrivateParameters: false).Q;
        var keyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        var privateKey = ecdsa.ExportPkcs8PrivateKey();
        try
        {
            return new AgencyTokenKey(keyId, point.X!, point.Y!, Seal(keyId, privateKey), clock.GetUtcNow());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>The private key of <paramref name="key"/>, opened once per node; null when it cannot be opened here.</summary>
    private ECDsa? Open(AgencyTokenKey key)
    {
        if (_opened.TryGetValue(key.KeyId, out var opened))
        {
            return opened;
        }
        var sealedKey = key.SealedPrivateKey;
        if (sealedKey.Length <= NonceSize + TagSize)
        {
            return null;
        }
        var privateKey = new byte[sealedKey.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(SealingKey, TagSize);
            aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize + TagSize), sealedKey.AsSpan(NonceSize, TagSize),
                privateKey, Encoding.UTF8.GetBytes(key.KeyId));
            var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportPkcs8PrivateKey(privateKey, out _);
            }
            catch
            {
                ecdsa.Dispose();
                throw;
            }
            return _opened.GetOrAdd(key.KeyId, ecdsa);
        }
        catch (CryptographicException ex)
        {
            logger.LogWarning(ex, "Agency-token signing key {KeyId} cannot be opened with this node's key-signing secret", key.KeyId);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private byte[] Seal(string keyId, byte[] privateKey)
    {
        var sealedKey = new byte[NonceSize + TagSize + privateKey.Length];
        RandomNumberGenerator.Fill(sealedKey.AsSpan(0, NonceSize));
        using var aes = new AesGcm(SealingKey, TagSize);
        aes.Encrypt(sealedKey.AsSpan(0, NonceSize), privateKey, sealedKey.AsSpan(NonceSize + TagSize), sealedKey.AsSpan(NonceSize, TagSize),
            Encoding.UTF8.GetBytes(keyId));
        return sealedKey;
    }

    private byte[] SealingKey => signer.Derive("agency-token-signing-keys");

    private sealed record Snapshot(IReadOnlyList<AgencyTokenKey> Keys, IReadOnlyDictionary<string, SecurityKey> Verifiers, DateTimeOffset ReadAt);
}
