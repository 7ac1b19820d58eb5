namespace Insure.Grains.Referrals;

/// <summary>
/// The referral state machine in one table: an open referral can be approved, rejected, or asked for more information
/// (staying open); a decided one takes nothing more. Anything not in the table is an invalid transition.
/// </summary>
internal static class ReferralLifecycle
{
    private static readonly Dictionary<(string From, ReferralAction Action), string> Transitions = new()
    {
        [(ReferralStatuses.Open, ReferralAction.Approve)] = ReferralStatuses.Approved,
        [(ReferralStatuses.Open, ReferralAction.Reject)] = ReferralStatuses.Rejected,
        [(ReferralStatuses.Open, ReferralAction.RequestInfo)] = ReferralStatuses.Open,
    };

    public const string Initial = ReferralStatuses.Open;

    /// <summary>Every (status, action) pair the table allows.</summary>
    public static IEnumerable<(string From, ReferralAction Action, string To)> All => Transitions.Select(t => (t.Key.From, t.Key.Action, t.Value));

    /// <summary>The status after <paramref name="action"/>, or null when it is not allowed from <paramref name="from"/>.</summary>
    public static string? Next(string from, ReferralAction action) => Transitions.GetValueOrDefault((from, action));

    public static string Target(ReferralAction action) => action switch
    {
        ReferralAction.Approve => ReferralStatuses.Approved,
        ReferralAction.Reject => ReferralStatuses.Rejected,
        _ => ReferralStatuses.Open,
    };
}
