namespace Insure.Grains.DealRooms;

/// <summary>A sealed segment of a room's history: written once, then only read.</summary>
internal sealed class DealRoomSegmentGrain(
    [PersistentState("dealRoomSegment", Names.Storage)] IPersistentState<DealRoomSegmentState> state)
    : Grain, IDealRoomSegmentGrain
{
    public async Task Seal(IReadOnlyList<DealRoomMessage> messages)
    {
        if (state.RecordExists)
        {
            return;
        }
        state.State.Messages = [.. messages];
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<DealRoomMessage>> Messages() => Task.FromResult<IReadOnlyList<DealRoomMessage>>(state.State.Messages);
}
