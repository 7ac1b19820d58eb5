using System.Globalization;
using Insure.Grains.Ledger;

namespace Insure.Grains.Billing;

/// <summary>
/// Every decision about an invoice, as pure functions of its state, the command and the time. A decision is the
/// <see cref="InvoiceChange"/> to apply or the violation that refuses it; <see cref="Apply"/> is the only place an
/// invoice's state moves, and its status moves only through <see cref="InvoiceLifecycle"/>.
/// </summary>
internal static class InvoiceRules
{
    public static decimal Total(InvoiceState state) => state.Terms!.Lines.Sum(l => l.Amount);

    public static decimal Paid(InvoiceState state) => state.Payments.Sum(p => p.Amount);

    public static decimal Refunded(InvoiceState state) => state.Refunds.Sum(r => r.Amount);

    /// <summary>What is still owed: the total less what was paid (refunds do not make an invoice owed again).</summary>
    public static decimal Due(InvoiceState state) =>
        state.Status is InvoiceStatuses.Voided ? 0m : Math.Max(0m, Total(state) - Paid(state));

    public static InvoiceChange Issue(NewInvoice invoice, DateTimeOffset now) =>
        new([InvoiceAction.Issue, InvoiceAction.Finalize], ["invoice.created"], now, invoice.By, Issued: invoice);

    /// <summary>Why <paramref name="action"/> is not allowed from the invoice's status, if it is not.</summary>
    public static RuleViolation? Gate(InvoiceState state, InvoiceAction action) =>
        InvoiceLifecycle.Next(state.Status, action) is null
            ? RuleViolation.Transition(state.Status, InvoiceLifecycle.Target(action),
                $"An invoice that is {state.Status} cannot become {InvoiceLifecycle.Target(action)}")
            : null;

    /// <summary>A payment recorded by hand: positive, one of the manual methods, and never more than is due.</summary>
    public static Decision<InvoiceChange> Pay(InvoiceState state, ManualPayment payment, string paymentId, DateTimeOffset now)
    {
        if (payment.Amount <= 0)
        {
            return RuleViolation.Invalid("amount", "positive", "amount must be greater than zero");
        }
        if (!PaymentMethods.Manual.Contains(payment.Method))
        {
            return RuleViolation.Invalid("method", "enum", $"method must be one of {string.Join(", ", PaymentMethods.Manual)}");
        }
        var record = new InvoicePayment(paymentId, payment.Amount, payment.Method, payment.Reference, null, now, payment.By);
        return Receive(state, record, now, payment.By);
    }

    /// <summary>How long a charge's answer may be asked of the gateway again: a gateway keeps an idempotency key about a day (Stripe: at least 24 h).</summary>
    public static readonly TimeSpan AskAgainWithin = TimeSpan.FromHours(23);

    /// <summary>The card attempt the API request <paramref name="requestKey"/> made, if any (its retry answers with it).</summary>
    public static PaymentAttempt? MadeBy(InvoiceState state, string? requestKey) =>
        requestKey is null ? null : state.Attempts.FirstOrDefault(a => a.RequestKey == requestKey);

    /// <summary>
    /// Whether the payment method of an intent made earlier, answered again now, is still the one to keep on the policy:
    /// no later intent named another.
    /// </summary>
    public static bool IsLatestIntent(InvoiceState state, PaymentAttempt made) =>
        state.Attempts.Last(a => a.Slot.StartsWith("intent-", StringComparison.Ordinal)) == made;

    /// <summary>Whether a card can be charged for the invoice now: it is payable and something is due.</summary>
    public static RuleViolation? Chargeable(InvoiceState state)
    {
        if (Gate(state, InvoiceAction.PayInFull) is { } refused)
        {
            return refused;
        }
        return Due(state) == 0 ? RuleViolation.Business("Nothing is due on this invoice", "amount", "nothing_due") : null;
    }

    /// <summary>
    /// A card charge's result: a succeeded intent pays what it charged; a declined one is a failed attempt (and
    /// <see cref="InvoiceAction.Fail"/>), with the gateway's decline code.
    /// </summary>
    public static Decision<InvoiceChange> Charged(InvoiceState state, PaymentAttempt attempt, string paymentId, Actor by, DateTimeOffset now)
    {
        if (attempt.Status == "succeeded")
        {
            var payment = new InvoicePayment(paymentId, attempt.Amount, PaymentMethods.Card, attempt.PaymentMethod, attempt.IntentId, now, by);
            var received = Receive(state, payment, now, by);
            return received.Facts is { } facts ? facts with { Attempt = attempt } : received;
        }
        if (attempt.DeclineCode is null)
        {
            // Created without a payment method (or waiting for the customer): nothing was charged, nothing moves.
            return new InvoiceChange([], [], now, by, Attempt: attempt);
        }
        return Gate(state, InvoiceAction.Fail) is { } refused
            ? refused
            : new InvoiceChange([InvoiceAction.Fail], ["payment.failed"], now, by, attempt.FailureMessage, Attempt: attempt);
    }

    /// <summary>The slots of automatic collection: the due-date charge, then one per retry.</summary>
    public const string CollectSlot = "collect";

    private static bool Automatic(PaymentAttempt attempt) =>
        attempt.Slot == CollectSlot || attempt.Slot.StartsWith("retry-", StringComparison.Ordinal);

    /// <summary>
    /// The automatic charge due now, if any: `collect` once the invoice is open and due, then `retry-N` at each
    /// scheduled retry while it is payment_failed. A slot already attempted is never due again, so a late, repeated
    /// or concurrent reminder tick charges each slot at most once.
    /// </summary>
    public static string? DueSlot(InvoiceState state, DateTimeOffset now)
    {
        if (CollectionPending(state) && state.Terms!.DueDate <= Today(now))
        {
            return CollectSlot;
        }
        if (state.Status == InvoiceStatuses.PaymentFailed && state.NextRetryAt is { } at && at <= now)
        {
            return $"retry-{state.Attempts.Count(a => a.Slot.StartsWith("retry-", StringComparison.Ordinal)) + 1}";
        }
        return null;
    }

    /// <summary>
    /// An automatic charge's result. Paid, it ends the retries. Declined (or with no payment method on file), the
    /// next retry is scheduled `RetryDelays[k]` days after the first failure; after the last one the invoice is
    /// uncollectible and what is due is written off.
    /// </summary>
    public static Decision<InvoiceChange> Collected(
        InvoiceState state, PaymentAttempt attempt, string paymentId, IReadOnlyList<int> retryDelays, DateTimeOffset now)
    {
        if (attempt.Status == "succeeded")
        {
            var paid = Charged(state, attempt, paymentId, Actor.System, now);
            return paid.Facts is { } facts ? facts with { ClearsRetry = true } : paid;
        }
        var failures = state.Attempts.Count(a => Automatic(a) && a.Status != "succeeded") + 1;
        var firstFailure = state.Attempts.FirstOrDefault(a => Automatic(a) && a.Status != "succeeded")?.At ?? now;
        if (failures <= retryDelays.Count)
        {
            // Counted from the first failure, but never sooner than a day after this attempt: after an outage, late ticks
            // do not run the remaining retries back to back.
            var scheduled = firstFailure.AddDays(retryDelays[failures - 1]);
            return new InvoiceChange([InvoiceAction.Fail], ["payment.failed"], now, Actor.System, attempt.FailureMessage, Attempt: attempt,
                NextRetryAt: scheduled > now.AddDays(1) ? scheduled : now.AddDays(1));
        }
        return new InvoiceChange([InvoiceAction.Fail, InvoiceAction.GiveUp], ["payment.failed", "invoice.uncollectible"], now, Actor.System,
            $"Uncollectible after {failures} failed collections", Attempt: attempt, ClearsRetry: true, WritesOff: true);
    }

    /// <summary>
    /// A charge asked for by hand (`POST /v1/invoices/{id}/retry`) with the payment method on file: a payment_failed or
    /// uncollectible invoice is charged now. It does not move the automatic schedule.
    /// </summary>
    public static RuleViolation? Retryable(InvoiceState state) =>
        state.Status is InvoiceStatuses.PaymentFailed or InvoiceStatuses.Uncollectible
            ? Chargeable(state)
            : RuleViolation.Transition(state.Status, InvoiceStatuses.Paid, $"Only a payment_failed or uncollectible invoice can be retried; this one is {state.Status}");

    /// <summary>
    /// A refund of what was paid and not yet refunded (all of it when no amount is given), from the newest payments
    /// first; more than that: 422 `refund_exceeds_paid`.
    /// </summary>
    public static Decision<RefundPlan> PlanRefund(InvoiceState state, decimal? amount)
    {
        if (Gate(state, InvoiceAction.RefundPart) is { } refused)
        {
            return refused;
        }
        var refundable = Paid(state) - Refunded(state);
        var wanted = amount ?? refundable;
        if (wanted <= 0)
        {
            return RuleViolation.Invalid("amount", "positive", "amount must be greater than zero");
        }
        if (wanted > refundable)
        {
            return RuleViolation.Business($"The refund of {Money(wanted)} is more than the {Money(refundable)} paid and not yet refunded",
                new Dictionary<string, string> { ["field"] = "amount", ["rule"] = "refund_exceeds_paid", ["refundable"] = Money(refundable) });
        }
        var sources = new List<InvoicePayment>();
        var left = wanted;
        foreach (var payment in state.Payments.AsEnumerable().Reverse())
        {
            var open = payment.Amount - state.Refunds.Where(r => r.PaymentId == payment.Id).Sum(r => r.Amount);
            if (left > 0 && open > 0)
            {
                sources.Add(payment);
                left -= Math.Min(open, left);
            }
        }
        return new RefundPlan(wanted, sources.ToArray());
    }

    /// <summary>How much of <paramref name="payment"/> is still refundable.</summary>
    public static decimal Refundable(InvoiceState state, InvoicePayment payment) =>
        payment.Amount - state.Refunds.Where(r => r.PaymentId == payment.Id).Sum(r => r.Amount);

    /// <summary>One refund made (through the gateway for a card, by the insurer for other methods).</summary>
    public static InvoiceChange Refunded(InvoiceState state, InvoiceRefund refund)
    {
        var all = Paid(state) - Refunded(state) - refund.Amount == 0;
        return new InvoiceChange([all ? InvoiceAction.RefundAll : InvoiceAction.RefundPart], ["payment.refunded"], refund.At, refund.By, refund.Reason,
            Refund: refund);
    }

    /// <summary>When the policy of an uncollectible invoice is cancelled for non-payment: `GraceDays` after the write-off.</summary>
    /// <summary>
    /// When the policy of an uncollectible invoice is asked to cancel for non-payment: `GraceDays` after the write-off,
    /// then (until the read model shows the policy cancelled) a day after each request.
    /// </summary>
    public static DateTimeOffset? DunningAt(InvoiceState state, int graceDays) =>
        state.Status != InvoiceStatuses.Uncollectible || state.DunningDone || state.UncollectibleAt is not { } at ? null
        : state.DunningRequestedAt is { } asked ? asked.AddDays(1)
        : at.AddDays(graceDays);

    /// <summary>The policy shows it is cancelled (or cancelling, or expired): dunning is over.</summary>
    public static InvoiceChange Dunned(DateTimeOffset now) => new([], [], now, Actor.System, Dunned: true);

    /// <summary>The policy was asked to cancel for non-payment.</summary>
    public static InvoiceChange DunningRequested(DateTimeOffset now) => new([], [], now, Actor.System, DunningRequested: true);

    /// <summary>The next moment the collection reminder must wake the invoice, or null when nothing is scheduled.</summary>
    public static DateTimeOffset? NextDue(InvoiceState state, int graceDays)
    {
        if (CollectionPending(state))
        {
            return CollectionAt(state.Terms!.DueDate);
        }
        return state.Status == InvoiceStatuses.PaymentFailed ? state.NextRetryAt : DunningAt(state, graceDays);
    }

    /// <summary>How long before an installment's due-date collection its policy's billing wakes it (<see cref="WokenByBilling"/>).</summary>
    public static readonly TimeSpan WakeAhead = TimeSpan.FromDays(7);

    /// <summary>When an invoice due on <paramref name="dueDate"/> is collected: the start of that day, UTC.</summary>
    public static DateTimeOffset CollectionAt(DateOnly dueDate) => new(dueDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// An invoice whose due-date collection at <paramref name="due"/> is more than <see cref="WakeAhead"/> away and
    /// which has never had a reminder: its policy's billing wakes it that long before, so a bind registers one reminder
    /// for the policy's billing rather than one for each installment of the year.
    /// </summary>
    public static bool WokenByBilling(InvoiceState state, DateTimeOffset due, DateTimeOffset now) =>
        state.ReminderDueAt is null && CollectionPending(state) && due - now > WakeAhead;

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>
    /// The due-date collection has not run yet and something is owed: the invoice is open, or a card offered through
    /// the API was declined before the due date (no automatic retry is scheduled then).
    /// </summary>
    private static bool CollectionPending(InvoiceState state) =>
        state.Status is InvoiceStatuses.Open or InvoiceStatuses.PaymentFailed && state.NextRetryAt is null && Due(state) > 0
        && state.Attempts.All(a => a.Slot != CollectSlot);

    /// <summary>
    /// Voids an invoice nothing is kept on (refund its payments first): what it still had due is no longer owed, and the
    /// ledger takes it off the receivable.
    /// </summary>
    public static Decision<InvoiceChange> Void(InvoiceState state, string reason, Actor by, DateTimeOffset now)
    {
        if (Gate(state, InvoiceAction.Void) is { } refused)
        {
            return refused;
        }
        return Paid(state) - Refunded(state) > 0
            ? RuleViolation.Business("Payments were received on this invoice; refund them before voiding it", "status", "has_payments")
            : new InvoiceChange([InvoiceAction.Void], ["invoice.voided"], now, by, reason, VoidsDue: Due(state));
    }

    private static Decision<InvoiceChange> Receive(InvoiceState state, InvoicePayment payment, DateTimeOffset now, Actor by)
    {
        if (Gate(state, InvoiceAction.PayInFull) is { } refused)
        {
            return refused;
        }
        var due = Due(state);
        if (payment.Amount > due)
        {
            return RuleViolation.Business(
                $"The payment of {Money(payment.Amount)} is more than the {Money(due)} due on this invoice",
                new Dictionary<string, string> { ["field"] = "amount", ["rule"] = "overpayment", ["amountDue"] = Money(due) });
        }
        return payment.Amount == due
            ? new InvoiceChange([InvoiceAction.PayInFull], ["payment.received", "invoice.paid"], now, by, Payment: payment, ClearsRetry: true)
            : new InvoiceChange([InvoiceAction.PayPart], ["payment.received"], now, by, Payment: payment);
    }

    /// <summary>
    /// Lines added by billing (an endorsement's share, or a credit), once per operation: the invoice must still be
    /// open or payment_failed. A credit that leaves nothing due closes it: paid when anything was paid, else voided.
    /// </summary>
    public static Decision<InvoiceChange> Adjust(InvoiceState state, string operationId, InvoiceLine[] lines, Actor by, DateTimeOffset now)
    {
        if (state.Terms!.Lines.Any(l => l.SourceId == operationId))
        {
            return new InvoiceChange([], [], now, by);
        }
        var stamped = lines.Select(l => l with { SourceId = operationId }).ToArray();
        var credited = -stamped.Sum(l => l.Amount);
        if (state.Status == InvoiceStatuses.Uncollectible && credited > 0 && credited <= Due(state))
        {
            // Return premium on a written-off invoice: that much of it is no longer owed, so that much of the write-off is reversed.
            return new InvoiceChange([], [], now, by, "Credited", Lines: stamped, RecoversWriteOff: Math.Min(credited, state.WrittenOff));
        }
        if (state.Status == InvoiceStatuses.Voided && credited > 0 && credited <= state.WrittenOff)
        {
            // The same for a voided invoice whose due was written off: the credit reverses the write-off, it is not paid out.
            return new InvoiceChange([], [], now, by, "Credited", Lines: stamped, RecoversWriteOff: credited);
        }
        if (state.Status is not (InvoiceStatuses.Open or InvoiceStatuses.PaymentFailed))
        {
            return RuleViolation.Transition(state.Status, state.Status, $"Only an open or payment_failed invoice takes new lines; this one is {state.Status}");
        }
        var total = Total(state) + stamped.Sum(l => l.Amount);
        if (total < Paid(state))
        {
            return RuleViolation.Business("A credit cannot take an invoice below what was paid on it", "amount", "credit_exceeds_due");
        }
        InvoiceAction[] actions = total > Paid(state) ? [] : Paid(state) > 0 ? [InvoiceAction.PayInFull] : [InvoiceAction.Void];
        string[] events = actions.Length == 0 ? [] : Paid(state) > 0 ? ["invoice.paid"] : ["invoice.voided"];
        return new InvoiceChange(actions, events, now, by, actions.Length == 0 ? null : "Settled by a credit", Lines: stamped, ClearsRetry: actions.Length > 0);
    }

    /// <summary>Applies a decided change: the only place an invoice's state moves.</summary>
    public static void Apply(InvoiceState state, InvoiceChange change)
    {
        if (change.Issued is { } issued)
        {
            state.Terms = issued;
            state.Status = InvoiceLifecycle.Initial;
            state.CreatedAt = issued.CreatedAt ?? change.At;
        }
        if (change.VoidsDue > 0)
        {
            state.WrittenOff += change.VoidsDue;
            state.PendingLedger.Add(LedgerPostings.WrittenOff(change.VoidsDue, state.Terms!.Currency, change.At, $"Invoice {state.Terms.Number} voided: {change.Note}", "")
                with { Id = $"{state.Version + 1}.4" });
        }
        if (change.RecoversWriteOff > 0)
        {
            state.WrittenOff -= change.RecoversWriteOff;
            state.PendingLedger.Add(LedgerPostings.WrittenOff(-change.RecoversWriteOff, state.Terms!.Currency, change.At,
                $"Invoice {state.Terms.Number}: return premium credited against the written-off debt", "") with { Id = $"{state.Version + 1}.5" });
        }
        if (change.Lines is { } added)
        {
            state.Terms = state.Terms! with { Lines = [.. state.Terms.Lines, .. added] };
        }
        foreach (var action in change.Actions.Where(a => a != InvoiceAction.Issue))
        {
            var from = state.Status;
            state.Status = InvoiceLifecycle.Next(from, action) ?? throw new InvalidOperationException($"{action} is not allowed from {from}");
            if (state.Status != from)
            {
                state.Transitions.Add(new InvoiceTransition(from, state.Status, change.At, change.By, change.Note));
            }
        }
        if (change.Attempt is { } attempt)
        {
            state.Attempts.Add(attempt);
            if (state.InFlight?.Slot == attempt.Slot)
            {
                state.InFlight = null;
            }
        }
        var currency = state.Terms!.Currency;
        if (change.WritesOff)
        {
            var due = Due(state);
            state.UncollectibleAt = change.At;
            state.WrittenOff = due;
            if (due > 0)
            {
                state.PendingLedger.Add(LedgerPostings.WrittenOff(due, currency, change.At, $"Invoice {state.Terms.Number} written off", "")
                    with { Id = $"{state.Version + 1}.2" });
            }
        }
        if (change.NextRetryAt is { } retry)
        {
            state.NextRetryAt = retry;
        }
        if (change.ClearsRetry)
        {
            state.NextRetryAt = null;
        }
        if (change.Dunned)
        {
            state.DunningDone = true;
        }
        if (change.DunningRequested)
        {
            state.DunningRequestedAt = change.At;
        }
        if (change.Refund is { } refund)
        {
            state.Refunds.Add(refund);
            if (state.RefundInFlight?.RefundId == refund.Id)
            {
                state.RefundInFlight = null;
            }
            state.PendingLedger.Add(LedgerPostings.Refunded(refund.Amount, refund.OperationId is not null, refund.GatewayRefundId is not null, currency, change.At, $"Refund: {refund.Reason}", refund.Id)
                with { Id = $"{state.Version + 1}.3" });
        }
        if (change.Payment is { } payment)
        {
            // A payment on a written-off invoice first brings the written-off debt back to the receivable.
            var recovered = Math.Min(state.WrittenOff, payment.Amount);
            if (recovered > 0)
            {
                state.WrittenOff -= recovered;
                state.PendingLedger.Add(LedgerPostings.WrittenOff(-recovered, currency, change.At, $"Invoice {state.Terms.Number}: written-off debt recovered", payment.Id)
                    with { Id = $"{state.Version + 1}.0" });
            }
            state.Payments.Add(payment);
            var reason = payment.Reference is null ? $"Payment by {payment.Method}" : $"Payment by {payment.Method} ({payment.Reference})";
            state.PendingLedger.Add(LedgerPostings.PaymentReceived(payment.Amount, currency, change.At, reason, payment.Id)
                with { Id = $"{state.Version + 1}.1" });
        }
        state.UpdatedAt = change.At;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
