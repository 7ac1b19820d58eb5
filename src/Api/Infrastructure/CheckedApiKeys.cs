using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// This node's memory of API keys it found valid, so a key's next requests need no grain call to check it. An entry
/// lasts <see cref="RememberFor"/> at most (and never past the key's expiry), and only while the node is subscribed to
/// access changes (<see cref="AccessChangeListener"/>): a revoked key is forgotten on every node before its revocation
/// answers. At most <see cref="Capacity"/> keys; past that the memory starts over.
/// </summary>
public sealed class CheckedApiKeys(TimeProvider time, AccessChangeSubscription subscription)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(60);
    public const int Capacity = 50_000;

    /// <summary>A key as its grain found it: whose, and the check (status, scopes, expiry).</summary>
    public sealed record Remembered(string GrainKey, Tenant Tenant, string KeyId, ApiKeyCheck Check, DateTimeOffset Until);

    // By the key as presented: a request that presents a remembered key needs neither its tag checked nor its hash made.
    private readonly ConcurrentDictionary<string, Remembered> _entries = new(StringComparer.Ordinal);
    private long _forgettings;

    /// <summary>Counts every forgetting: a check that began before one must not be remembered after it.</summary>
    public long Forgettings => Interlocked.Read(ref _forgettings);

    public bool TryGet(string presented, [NotNullWhen(true)] out Remembered? remembered)
    {
        var now = time.GetUtcNow();
        if (subscription.Current && _entries.TryGetValue(presented, out var entry) && entry.Until > now)
        {
            remembered = entry;
            return true;
        }
        remembered = null;
        return false;
    }

    /// <summary>Whether a key of this grain is remembered (for tests and diagnostics).</summary>
    public bool Holds(string keyGrainKey) => _entries.Values.Any(e => e.GrainKey == keyGrainKey);

    /// <summary>Remembers a valid check that began when <see cref="Forgettings"/> read <paramref name="forgettingsBefore"/>.</summary>
    public void Remember(string presented, Tenant tenant, string keyId, ApiKeyCheck check, long forgettingsBefore)
    {
        var now = time.GetUtcNow();
        if (check.Status != ApiKeyStatus.Valid || !subscription.Current)
        {
            return;
        }
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        var until = now + RememberFor;
        _entries[presented] = new Remembered(tenant.KeyFor(keyId), tenant, keyId, check,
            check.ExpiresAt is { } expires && expires < until ? expires : until);
        if (Forgettings != forgettingsBefore)
        {
            // A revocation came while the key was being checked: the check may predate it.
            _entries.TryRemove(presented, out _);
        }
    }

    /// <summary>Forgets the key of <paramref name="keyGrainKey"/> (revocations are rare: a pass over the entries).</summary>
    public void Forget(string keyGrainKey)
    {
        Interlocked.Increment(ref _forgettings);
        foreach (var (presented, entry) in _entries)
        {
            if (entry.GrainKey == keyGrainKey)
            {
                _entries.TryRemove(presented, out _);
            }
        }
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _forgettings);
        _entries.Clear();
    }
}
