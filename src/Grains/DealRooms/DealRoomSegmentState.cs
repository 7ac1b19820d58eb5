namespace Insure.Grains.DealRooms;

[GenerateSerializer, Alias("insure.DealRoomSegmentState")]
public sealed class DealRoomSegmentState
{
    [Id(0)] public List<DealRoomMessage> Messages { get; set; } = [];
}
