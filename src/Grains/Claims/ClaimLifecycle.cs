namespace Insure.Grains.Claims;

/// <summary>
/// The claim state machine, in one table: which action is allowed from which status, and the status it leads to.
/// Anything not in the table is an invalid transition (422 `invalid_state_transition`).
/// </summary>
internal static class ClaimLifecycle
{
    private static readonly Dictionary<(string From, ClaimAction Action), string> Transitions = new()
    {
        [(ClaimStatuses.Open, ClaimAction.Investigate)] = ClaimStatuses.Investigating,
        [(ClaimStatuses.Investigating, ClaimAction.Settle)] = ClaimStatuses.InSettlement,
        [(ClaimStatuses.InSettlement, ClaimAction.Settle)] = ClaimStatuses.InSettlement,
        [(ClaimStatuses.InSettlement, ClaimAction.PayOut)] = ClaimStatuses.Settled,
        [(ClaimStatuses.Settled, ClaimAction.Close)] = ClaimStatuses.Closed,
        [(ClaimStatuses.Open, ClaimAction.Deny)] = ClaimStatuses.Denied,
        [(ClaimStatuses.Investigating, ClaimAction.Deny)] = ClaimStatuses.Denied,
        [(ClaimStatuses.InSettlement, ClaimAction.Deny)] = ClaimStatuses.Denied,
        [(ClaimStatuses.Denied, ClaimAction.Close)] = ClaimStatuses.Closed,
        [(ClaimStatuses.Closed, ClaimAction.Reopen)] = ClaimStatuses.Reopened,
        [(ClaimStatuses.Reopened, ClaimAction.Investigate)] = ClaimStatuses.Investigating,
        // Reserves move while the claim is being worked; closed, denied and settled claims hold none to change.
        [(ClaimStatuses.Open, ClaimAction.Reserve)] = ClaimStatuses.Open,
        [(ClaimStatuses.Investigating, ClaimAction.Reserve)] = ClaimStatuses.Investigating,
        [(ClaimStatuses.InSettlement, ClaimAction.Reserve)] = ClaimStatuses.InSettlement,
        [(ClaimStatuses.Reopened, ClaimAction.Reserve)] = ClaimStatuses.Reopened,
        // Litigation can start in any state short of denied or closed, including after payment.
        [(ClaimStatuses.Open, ClaimAction.SetLitigation)] = ClaimStatuses.Open,
        [(ClaimStatuses.Investigating, ClaimAction.SetLitigation)] = ClaimStatuses.Investigating,
        [(ClaimStatuses.InSettlement, ClaimAction.SetLitigation)] = ClaimStatuses.InSettlement,
        [(ClaimStatuses.Settled, ClaimAction.SetLitigation)] = ClaimStatuses.Settled,
        [(ClaimStatuses.Reopened, ClaimAction.SetLitigation)] = ClaimStatuses.Reopened,
    };

    /// <summary>The status every claim starts in.</summary>
    public const string Initial = ClaimStatuses.Open;

    /// <summary>Every (status, action) pair the table allows, for tests that walk it.</summary>
    public static IEnumerable<(string From, ClaimAction Action, string To)> All => Transitions.Select(t => (t.Key.From, t.Key.Action, t.Value));

    /// <summary>The status after <paramref name="action"/>, or null when it is not allowed from <paramref name="from"/>.</summary>
    public static string? Next(string from, ClaimAction action) => Transitions.GetValueOrDefault((from, action));

    /// <summary>The status an action aims at, for naming it in a refusal.</summary>
    public static string Target(ClaimAction action) => action switch
    {
        ClaimAction.File => ClaimStatuses.Open,
        ClaimAction.Investigate => ClaimStatuses.Investigating,
        ClaimAction.Settle => ClaimStatuses.InSettlement,
        ClaimAction.PayOut => ClaimStatuses.Settled,
        ClaimAction.Deny => ClaimStatuses.Denied,
        ClaimAction.Close => ClaimStatuses.Closed,
        ClaimAction.Reopen => ClaimStatuses.Reopened,
        ClaimAction.Reserve => "reserved",
        ClaimAction.SetLitigation => "in litigation",
        _ => action.ToString(),
    };
}
