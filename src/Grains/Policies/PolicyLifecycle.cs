namespace Insure.Grains.Policies;

/// <summary>
/// The policy state machine, in one table: which action is allowed from which status, and the status it leads to.
/// Anything not in the table is an invalid transition (422 `invalid_state_transition`).
/// </summary>
internal static class PolicyLifecycle
{
    private static readonly Dictionary<(string From, PolicyAction Action), string> Transitions = new()
    {
        [(PolicyStatuses.Bound, PolicyAction.Activate)] = PolicyStatuses.Active,
        [(PolicyStatuses.Bound, PolicyAction.Endorse)] = PolicyStatuses.Bound,
        [(PolicyStatuses.Bound, PolicyAction.Cancel)] = PolicyStatuses.Cancelled,
        [(PolicyStatuses.Bound, PolicyAction.ScheduleCancellation)] = PolicyStatuses.PendingCancellation,
        [(PolicyStatuses.Bound, PolicyAction.Renew)] = PolicyStatuses.Bound,
        [(PolicyStatuses.Bound, PolicyAction.OfferRenewal)] = PolicyStatuses.Bound,
        [(PolicyStatuses.Active, PolicyAction.Endorse)] = PolicyStatuses.Active,
        [(PolicyStatuses.Active, PolicyAction.Cancel)] = PolicyStatuses.Cancelled,
        [(PolicyStatuses.Active, PolicyAction.ScheduleCancellation)] = PolicyStatuses.PendingCancellation,
        [(PolicyStatuses.Active, PolicyAction.Renew)] = PolicyStatuses.Active,
        [(PolicyStatuses.Active, PolicyAction.OfferRenewal)] = PolicyStatuses.Active,
        [(PolicyStatuses.Active, PolicyAction.Expire)] = PolicyStatuses.Expired,
        [(PolicyStatuses.PendingCancellation, PolicyAction.CompleteCancellation)] = PolicyStatuses.Cancelled,
        [(PolicyStatuses.PendingCancellation, PolicyAction.Reinstate)] = PolicyStatuses.Active,
        [(PolicyStatuses.PendingCancellation, PolicyAction.ReinstateBeforeInception)] = PolicyStatuses.Bound,
        [(PolicyStatuses.Cancelled, PolicyAction.Reinstate)] = PolicyStatuses.Active,
    };

    /// <summary>The status every policy starts in.</summary>
    public const string Initial = PolicyStatuses.Bound;

    /// <summary>Every (status, action) pair the table allows, for tests that walk it.</summary>
    public static IEnumerable<(string From, PolicyAction Action, string To)> All => Transitions.Select(t => (t.Key.From, t.Key.Action, t.Value));

    /// <summary>The status after <paramref name="action"/>, or null when it is not allowed from <paramref name="from"/>.</summary>
    public static string? Next(string from, PolicyAction action) => Transitions.GetValueOrDefault((from, action));

    /// <summary>The status an action aims at, for naming it in a refusal.</summary>
    public static string Target(PolicyAction action) => action switch
    {
        PolicyAction.Activate => PolicyStatuses.Active,
        PolicyAction.Cancel or PolicyAction.CompleteCancellation => PolicyStatuses.Cancelled,
        PolicyAction.ScheduleCancellation => PolicyStatuses.PendingCancellation,
        PolicyAction.Reinstate => PolicyStatuses.Active,
        PolicyAction.ReinstateBeforeInception => PolicyStatuses.Bound,
        PolicyAction.Expire => PolicyStatuses.Expired,
        PolicyAction.Endorse => "endorsed",
        PolicyAction.Renew => "renewed",
        PolicyAction.OfferRenewal => "offered renewal",
        _ => action.ToString(),
    };
}
