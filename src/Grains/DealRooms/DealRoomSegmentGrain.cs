namespace Insure.Grains.DealRooms;

/// <summary>A sealed segment of a room's history: written once, then only read.</summary>
internal sealed class DealRoomSegmentGrain(
    [PersistentState("dealRoomSegment", Names.Storage)] IPersistentState<DealRoomSegmentState> state)
    : Grain, IDealRoomSegmentGrain
{
    public Task Seal(IReadOnlyList<DealRoomMessage> messages) => Seal(messages, []);

    public async Task Seal(IReadOnlyList<DealRoomMessage> messages, IReadOnlyList<PostedRequest> requests)
    {
        if (state.RecordExists)
        {
            return;
        }
        state.State.Messages = [.. messages];
        state.State.Requests = [.. requests];
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<DealRoomMessage>> Messages() => Task.FromResult<IReadOnlyList<DealRoomMessage>>(state.State.Messages);

    public Task<IReadOnlyList<PostedRequest>> Requests() => Task.FromResult<IReadOnlyList<PostedRequest>>(state.State.Requests);
}
