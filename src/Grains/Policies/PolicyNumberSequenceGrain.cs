namespace Insure.Grains.Policies;

/// <summary>
/// Numbers are reserved a block at a time: the stored counter is the highest number reserved, written before any of the
/// block is handed out, so a number is never given twice; a write per <see cref="Block"/> numbers instead of one per
/// number, which every bind of a tenant's product waited for in turn. A graceful deactivation hands the unused part of
/// the block back, so numbers stay consecutive across restarts; a silo that dies leaves the rest of its block unused, and
/// a reservation whose write failed but was stored all of it (a gap of up to <see cref="Block"/> numbers each time).
/// </summary>
internal sealed class PolicyNumberSequenceGrain(
    [PersistentState("policyNumberSequence", Names.Storage)] IPersistentState<PolicyNumberSequenceState> state)
    : Grain, IPolicyNumberSequenceGrain
{
    internal const int Block = 20;

    /// <summary>The last number handed out by this activation (or before it).</summary>
    private long _issued;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _issued = state.State.Last;
        return Task.CompletedTask;
    }

    public async Task<long> Next()
    {
        if (_issued >= state.State.Last)
        {
            var reserved = state.State.Last;
            state.State.Last = _issued + Block;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not known to be stored: nothing of this block is handed out; the next call reserves again (a write the
                // store did take leaves this activation's copy stale, so that one fails too and the grain reloads).
                state.State.Last = reserved;
                DeactivateOnIdle();
                throw;
            }
        }
        return ++_issued;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_issued < state.State.Last)
        {
            state.State.Last = _issued;
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception)
            {
                // The block stays reserved (or a newer write holds): its unused numbers are skipped, none is given twice.
            }
        }
    }
}
