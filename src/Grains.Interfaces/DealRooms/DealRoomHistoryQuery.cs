namespace Insure.Grains;

/// <summary>
/// At most <see cref="Limit"/> messages: the newest (neither cursor), those just older than <see cref="Before"/>, or
/// those just newer than <see cref="After"/> (for catching up); always listed newest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.deal-room-history-query")]
public sealed record DealRoomHistoryQuery([property: Id(0)] string? Before, [property: Id(1)] string? After, [property: Id(2)] int Limit);
