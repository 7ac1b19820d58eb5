namespace Insure.Grains;

/// <summary>A sealed part of a deal room's history, keyed `{orgId}/{environment}/{dealRoomId}.{segment}`: written once.</summary>
[Alias("insure.IDealRoomSegmentGrain")]
public interface IDealRoomSegmentGrain : IGrainWithStringKey
{
    /// <summary>Stores the segment's messages; a segment already stored keeps what it has (a repeated seal changes nothing).</summary>
    [Alias("Seal")]
    Task Seal(IReadOnlyList<DealRoomMessage> messages);

    [ReadOnly, Alias("Messages")]
    Task<IReadOnlyList<DealRoomMessage>> Messages();
}
