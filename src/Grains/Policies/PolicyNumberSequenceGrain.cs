namespace Insure.Grains.Policies;

/// <summary>The counter is persisted before a number is handed out, so a number is never given twice.</summary>
internal sealed class PolicyNumberSequenceGrain(
    [PersistentState("policyNumberSequence", Names.Storage)] IPersistentState<PolicyNumberSequenceState> state)
    : Grain, IPolicyNumberSequenceGrain
{
    public async Task<long> Next()
    {
        state.State.Last++;
        await state.WriteStateAsync();
        return state.State.Last;
    }
}
