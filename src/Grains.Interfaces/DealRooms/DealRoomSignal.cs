namespace Insure.Grains;

/// <summary>
/// What a deal room's live clients are told: a <c>message</c> (with it), or that a participant is <c>typing</c>,
/// <c>participantJoined</c>, <c>participantLeft</c> or <c>participantRemoved</c>. Carried on the room's stream (best effort; history is the
/// durable copy, and clients catch up with <c>after</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.deal-room-signal")]
public sealed record DealRoomSignal(
    [property: Id(0)] string Kind,
    [property: Id(1)] string DealRoomId,
    [property: Id(2)] string? ParticipantId,
    [property: Id(3)] string? ParticipantName,
    [property: Id(4)] DealRoomMessage? Message);
