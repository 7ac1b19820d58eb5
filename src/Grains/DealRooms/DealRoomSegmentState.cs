namespace Insure.Grains.DealRooms;

[GenerateSerializer, Alias("insure.DealRoomSegmentState")]
public sealed class DealRoomSegmentState
{
    [Id(0)] public List<DealRoomMessage> Messages { get; set; } = [];
    /// <summary>The request keys of its messages posted under one.</summary>
    [Id(1)] public List<PostedRequest> Requests { get; set; } = [];
}
