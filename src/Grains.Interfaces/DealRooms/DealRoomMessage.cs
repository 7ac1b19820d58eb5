namespace Insure.Grains;

/// <summary>
/// A message as posted; its id carries its place in the room's history (see <see cref="Ids.WithSequence"/>).
/// <see cref="Kind"/> is a <see cref="DealRoomMessageKinds"/> value; messages stored before kinds existed hold null,
/// which means a participant's.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.deal-room-message")]
public sealed record DealRoomMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] string DealRoomId,
    [property: Id(2)] string AuthorId,
    [property: Id(3)] string Body,
    [property: Id(4)] DateTimeOffset SentAt,
    [property: Id(5)] string? Kind = null);
