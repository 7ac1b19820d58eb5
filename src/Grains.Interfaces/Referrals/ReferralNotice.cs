namespace Insure.Grains;

/// <summary>
/// What a referral tells its submission or policy: that it is open, approved or rejected (a <see cref="ReferralStatuses"/>
/// value) since <see cref="At"/>. Sent from the referral's outbox at least once; the entity ignores a notice it already holds.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.referral-notice")]
public sealed record ReferralNotice([property: Id(0)] string ReferralId, [property: Id(1)] string Status, [property: Id(2)] DateTimeOffset At);
