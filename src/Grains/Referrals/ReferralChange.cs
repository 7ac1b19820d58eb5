namespace Insure.Grains.Referrals;

/// <summary>
/// The facts of a decided referral change, applied by <see cref="ReferralRules.Apply"/>: the action (which alone moves
/// the status, through <see cref="ReferralLifecycle"/>), the event it raises, the decision recorded, and what other
/// grains must be told.
/// </summary>
internal sealed record ReferralChange(
    ReferralAction Action,
    string EventType,
    ReferralDecision Decision,
    IReadOnlyList<ReferralInstruction> Instructions);
