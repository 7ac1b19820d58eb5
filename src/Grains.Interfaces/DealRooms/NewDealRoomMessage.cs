namespace Insure.Grains;

/// <summary>
/// A participant's message. <see cref="RequestKey"/>, when the request carried an Idempotency-Key, is the same on every
/// retry: a room that already posted under it answers with that message instead of posting it again.
/// <see cref="RetriesUncertain"/>: an earlier attempt under the key ended without an answer, so the room also looks for it
/// in its sealed history, however many posts ago.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.new-deal-room-message")]
public sealed record NewDealRoomMessage(
    [property: Id(0)] string? AuthorId,
    [property: Id(1)] string? Body,
    [property: Id(2)] string? RequestKey = null,
    [property: Id(3)] bool RetriesUncertain = false);
