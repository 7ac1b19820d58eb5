namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.new-deal-room")]
public sealed record NewDealRoom(
    [property: Id(0)] string? SubmissionId,
    [property: Id(1)] string? Name,
    [property: Id(2)] IReadOnlyList<DealRoomParticipant>? Participants,
    [property: Id(3)] Actor By);
