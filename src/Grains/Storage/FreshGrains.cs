using System.Collections.Concurrent;

namespace Insure.Grains.Storage;

/// <summary>
/// Grains about to be created under ids this silo has just minted (<see cref="Ids.New"/>: stored nowhere yet but in the
/// caller's own state). Their state cannot be in the store, so <see cref="FreshGrainStorage"/> skips the read their first
/// activation on this silo would make: a bind creates a policy, its billing and its invoices, a dozen grains, and the
/// reads were a quarter of its statements. The caller marks an id after storing it and before its first call to the
/// grain, and forgets it once that call has ended, however it ended; a retry finds the id in its state, not freshly
/// minted, and marks nothing. A new policy marks its billing (keyed by the policy's id) for its first instruction, sent
/// right after the policy's own first write: nothing else writes billing before that. Grains created this way are placed
/// on the silo that calls them first (they prefer local placement), so the activation that takes a mark is the one it
/// was made for.
/// </summary>
internal sealed class FreshGrains
{
    private readonly ConcurrentDictionary<GrainId, byte> _minted = new();

    /// <summary>Marks <paramref name="ids"/>; disposing what this returns forgets them (once the call to the grains has ended).</summary>
    public Marks Mark(params IEnumerable<GrainId> ids)
    {
        var marked = ids.ToArray();
        foreach (var id in marked)
        {
            _minted.TryAdd(id, 0);
        }
        return new Marks(this, marked);
    }

    /// <summary>Ids marked together, forgotten together; the default marks nothing.</summary>
    public readonly struct Marks(FreshGrains? owner, GrainId[]? ids) : IDisposable
    {
        public void Dispose()
        {
            foreach (var id in ids ?? [])
            {
                owner!._minted.TryRemove(id, out _);
            }
        }
    }

    /// <summary>True, once, for a marked id: its first read is the one skipped.</summary>
    public bool Take(GrainId id) => _minted.TryRemove(id, out _);

    /// <summary>The id is marked and not yet taken or forgotten.</summary>
    public bool Holds(GrainId id) => _minted.ContainsKey(id);
}
