namespace Insure.Grains.Referrals;

/// <summary>
/// How a submission or policy holds what its referrals told it: one notice per referral, the latest. Notices arrive at
/// least once and in order per referral, but a repeat of an older one must never undo a decision: once a referral is
/// approved or rejected, nothing more about it is news.
/// </summary>
internal static class ReferralStandings
{
    /// <summary>True when <paramref name="notice"/> changes what <paramref name="held"/> says of its referral.</summary>
    public static bool IsNews(IReadOnlyList<ReferralNotice> held, ReferralNotice notice) =>
        held.FirstOrDefault(n => n.ReferralId == notice.ReferralId) is not { } known
        || (known.Status == ReferralStatuses.Open && notice.Status != ReferralStatuses.Open);

    /// <summary>Holds <paramref name="notice"/> in place of whatever was held for its referral.</summary>
    public static void Record(List<ReferralNotice> held, ReferralNotice notice)
    {
        held.RemoveAll(n => n.ReferralId == notice.ReferralId);
        held.Add(notice);
    }

    /// <summary>The newest referral held with <paramref name="status"/>, or null.</summary>
    public static ReferralNotice? Latest(IReadOnlyList<ReferralNotice> held, string status) => held.LastOrDefault(n => n.Status == status);

    /// <summary>
    /// Wakes every referral held as open, so one whose decision is stored but not yet delivered (its activation was
    /// lost) delivers it: the caller, refused for want of that decision, can then be asked again.
    /// </summary>
    public static void WakeOpen(TenantGrains grains, IReadOnlyList<ReferralNotice> held)
    {
        foreach (var open in held.Where(n => n.Status == ReferralStatuses.Open))
        {
            _ = grains.Get<IReferralGrain>(open.ReferralId).Wake();
        }
    }

    public static ReferralNotice? Find(IReadOnlyList<ReferralNotice> held, string referralId) => held.FirstOrDefault(n => n.ReferralId == referralId);
}
