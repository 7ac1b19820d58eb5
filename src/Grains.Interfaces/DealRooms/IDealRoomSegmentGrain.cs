namespace Insure.Grains;

/// <summary>A sealed part of a deal room's history, keyed `{orgId}/{environment}/{dealRoomId}.{segment}`: written once.</summary>
[Alias("insure.IDealRoomSegmentGrain")]
public interface IDealRoomSegmentGrain : IGrainWithStringKey
{
    /// <summary>Stores the segment's messages; a segment already stored keeps what it has (a repeated seal changes nothing).</summary>
    [Alias("Seal")]
    Task Seal(IReadOnlyList<DealRoomMessage> messages);

    /// <summary>
    /// As <see cref="Seal(IReadOnlyList{DealRoomMessage})"/>, with the request keys its messages were posted under, so a
    /// retry that comes after the room has forgotten its key still finds the message its first attempt made.
    /// </summary>
    [Alias("SealWithRequests")]
    Task Seal(IReadOnlyList<DealRoomMessage> messages, IReadOnlyList<Insure.Grains.DealRooms.PostedRequest> requests);

    [ReadOnly, Alias("Messages")]
    Task<IReadOnlyList<DealRoomMessage>> Messages();

    /// <summary>The request keys its messages were posted under (none for a segment sealed before they were kept).</summary>
    [ReadOnly, Alias("Requests")]
    Task<IReadOnlyList<Insure.Grains.DealRooms.PostedRequest>> Requests();
}
