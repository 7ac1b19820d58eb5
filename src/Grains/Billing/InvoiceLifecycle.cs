namespace Insure.Grains.Billing;

/// <summary>
/// The invoice state machine, in one table: which action is allowed from which status, and the status it leads to.
/// Anything not in the table is an invalid transition (422 `invalid_state_transition`).
/// </summary>
internal static class InvoiceLifecycle
{
    private static readonly Dictionary<(string From, InvoiceAction Action), string> Transitions = new()
    {
        [(InvoiceStatuses.Draft, InvoiceAction.Finalize)] = InvoiceStatuses.Open,
        [(InvoiceStatuses.Open, InvoiceAction.PayPart)] = InvoiceStatuses.Open,
        [(InvoiceStatuses.Open, InvoiceAction.PayInFull)] = InvoiceStatuses.Paid,
        [(InvoiceStatuses.Open, InvoiceAction.Fail)] = InvoiceStatuses.PaymentFailed,
        [(InvoiceStatuses.PaymentFailed, InvoiceAction.Fail)] = InvoiceStatuses.PaymentFailed,
        [(InvoiceStatuses.PaymentFailed, InvoiceAction.PayPart)] = InvoiceStatuses.PaymentFailed,
        [(InvoiceStatuses.PaymentFailed, InvoiceAction.PayInFull)] = InvoiceStatuses.Paid,
        [(InvoiceStatuses.PaymentFailed, InvoiceAction.GiveUp)] = InvoiceStatuses.Uncollectible,
        // A card tried by hand on a written-off invoice may be declined too; it stays written off.
        [(InvoiceStatuses.Uncollectible, InvoiceAction.Fail)] = InvoiceStatuses.Uncollectible,
        // Paying a written-off invoice before the policy is cancelled for non-payment stops the cancellation.
        [(InvoiceStatuses.Uncollectible, InvoiceAction.PayPart)] = InvoiceStatuses.Uncollectible,
        [(InvoiceStatuses.Uncollectible, InvoiceAction.PayInFull)] = InvoiceStatuses.Paid,
        [(InvoiceStatuses.Open, InvoiceAction.Void)] = InvoiceStatuses.Voided,
        [(InvoiceStatuses.PaymentFailed, InvoiceAction.Void)] = InvoiceStatuses.Voided,
        [(InvoiceStatuses.Paid, InvoiceAction.RefundPart)] = InvoiceStatuses.PartiallyRefunded,
        [(InvoiceStatuses.Paid, InvoiceAction.RefundAll)] = InvoiceStatuses.Refunded,
        [(InvoiceStatuses.PartiallyRefunded, InvoiceAction.RefundPart)] = InvoiceStatuses.PartiallyRefunded,
        [(InvoiceStatuses.PartiallyRefunded, InvoiceAction.RefundAll)] = InvoiceStatuses.Refunded,
    };

    /// <summary>The status every invoice starts in.</summary>
    public const string Initial = InvoiceStatuses.Draft;

    /// <summary>Every (status, action) pair the table allows, for tests that walk it.</summary>
    public static IEnumerable<(string From, InvoiceAction Action, string To)> All => Transitions.Select(t => (t.Key.From, t.Key.Action, t.Value));

    /// <summary>The status after <paramref name="action"/>, or null when it is not allowed from <paramref name="from"/>.</summary>
    public static string? Next(string from, InvoiceAction action) => Transitions.GetValueOrDefault((from, action));

    /// <summary>The status an action aims at, for naming it in a refusal.</summary>
    public static string Target(InvoiceAction action) => action switch
    {
        InvoiceAction.Issue => InvoiceStatuses.Draft,
        InvoiceAction.Finalize => InvoiceStatuses.Open,
        InvoiceAction.PayPart or InvoiceAction.PayInFull => InvoiceStatuses.Paid,
        InvoiceAction.Fail => InvoiceStatuses.PaymentFailed,
        InvoiceAction.GiveUp => InvoiceStatuses.Uncollectible,
        InvoiceAction.Void => InvoiceStatuses.Voided,
        InvoiceAction.RefundPart => InvoiceStatuses.PartiallyRefunded,
        InvoiceAction.RefundAll => InvoiceStatuses.Refunded,
        _ => action.ToString(),
    };
}
