namespace Insure.Grains.Referrals;

/// <summary>What an underwriter can do to a referral (the decisions of <see cref="ReferralDecisions"/>).</summary>
internal enum ReferralAction
{
    Approve,
    Reject,
    RequestInfo,
}
