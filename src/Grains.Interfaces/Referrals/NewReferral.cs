namespace Insure.Grains;

/// <summary>A referral as asked for: what it is about (<see cref="ReferralEntityTypes"/> and id), why, and where it is discussed.</summary>
[GenerateSerializer, Immutable, Alias("insure.new-referral")]
public sealed record NewReferral(
    [property: Id(0)] string? EntityType,
    [property: Id(1)] string? EntityId,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string? DealRoomId,
    [property: Id(4)] string? AssignedTo,
    [property: Id(5)] Actor By);
