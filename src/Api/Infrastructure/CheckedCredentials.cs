using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Insure.Api.Infrastructure;

/// <summary>
/// This node's memory of credentials it found valid (API keys and agency access tokens), so their next requests need no
/// grain call to check them. Each is remembered with the grains its check asked (the key's; the token's integration and
/// agency), and forgotten on every node before any of those grains answers a change that could end it (a revocation, a
/// rotation, an agency removed or suspended: <see cref="AccessChangeListener"/>). An entry lasts
/// <see cref="RememberFor"/> at most on this node's clock (its expiry is checked on each use by the caller), and is
/// used only while the node is subscribed to those changes. At most <see cref="Capacity"/> credentials; past that the memory starts over.
/// </summary>
public sealed class CheckedCredentials(TimeProvider time, AccessChangeSubscription subscription)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(60);
    public const int Capacity = 50_000;

    private sealed record Remembered(Caller Caller, string[] Grains, DateTimeOffset Until);

    // By the credential as presented: a request that presents a remembered one needs neither its tag or signature
    // checked nor its hash made.
    private readonly ConcurrentDictionary<string, Remembered> _entries = new(StringComparer.Ordinal);
    private long _forgettings;

    /// <summary>Counts every forgetting: a check that began before one must not be remembered after it.</summary>
    public long Forgettings => Interlocked.Read(ref _forgettings);

    /// <summary>The caller a remembered credential stands for; its expiry is the caller's to check, on the tenant's clock.</summary>
    public bool TryGet(string presented, [NotNullWhen(true)] out Caller? caller)
    {
        if (subscription.Current && _entries.TryGetValue(presented, out var entry) && entry.Until > time.GetUtcNow())
        {
            caller = entry.Caller;
            return true;
        }
        caller = null;
        return false;
    }

    /// <summary>Whether a credential whose check asked this grain is remembered (for tests and diagnostics).</summary>
    public bool Holds(string grainKey) => _entries.Values.Any(e => e.Grains.Contains(grainKey, StringComparer.Ordinal));

    /// <summary>
    /// Remembers a credential found valid by a check of <paramref name="grains"/> that began when
    /// <see cref="Forgettings"/> read <paramref name="forgettingsBefore"/>.
    /// </summary>
    public void Remember(string presented, Caller caller, string[] grains, long forgettingsBefore)
    {
        if (!subscription.Current)
        {
            return;
        }
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        // The credential's own expiry is the caller's to check on each use, on the clock its check uses.
        _entries[presented] = new Remembered(caller, grains, time.GetUtcNow() + RememberFor);
        if (Forgettings != forgettingsBefore)
        {
            // A change came while the credential was being checked: the check may predate it.
            _entries.TryRemove(presented, out _);
        }
    }

    /// <summary>Forgets every credential whose check asked <paramref name="grainKey"/> (changes are rare: a pass over the entries).</summary>
    public void Forget(string grainKey)
    {
        Interlocked.Increment(ref _forgettings);
        foreach (var (presented, entry) in _entries)
        {
            if (entry.Grains.Contains(grainKey, StringComparer.Ordinal))
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
