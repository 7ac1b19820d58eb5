namespace Insure.Grains.Referrals;

/// <summary>
/// Something a referral's change asks another grain to do, stored with the change and delivered from its outbox until
/// acknowledged: tell the referral's submission or policy (<see cref="Notice"/>), or post in its deal room
/// (<see cref="RoomMessage"/>). Receivers ignore repeats (a notice they hold, a message key they posted).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.referral-instruction")]
public sealed record ReferralInstruction(
    [property: Id(0)] ReferralNotice? Notice = null,
    [property: Id(1)] DealRoomSystemMessage? RoomMessage = null);
