namespace Insure.Grains;

/// <summary>Messages newest first, and whether more lie beyond them in the direction asked.</summary>
[GenerateSerializer, Immutable, Alias("insure.deal-room-history-page")]
public sealed record DealRoomHistoryPage([property: Id(0)] IReadOnlyList<DealRoomMessage> Messages, [property: Id(1)] bool HasMore, [property: Id(2)] long Total);
