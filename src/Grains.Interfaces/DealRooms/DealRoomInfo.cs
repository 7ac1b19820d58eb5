namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.deal-room-info")]
public sealed record DealRoomInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Environment,
    [property: Id(3)] string SubmissionId,
    [property: Id(4)] string Name,
    [property: Id(5)] IReadOnlyList<DealRoomParticipant> Participants,
    [property: Id(6)] long MessageCount,
    [property: Id(7)] DateTimeOffset? LastMessageAt,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] Actor CreatedBy);
