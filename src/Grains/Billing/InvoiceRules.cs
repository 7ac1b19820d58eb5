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

    public static Decision<InvoiceChange> Void(InvoiceState state, string reason, Actor by, DateTimeOffset now) =>
        Gate(state, InvoiceAction.Void) is { } refused
            ? refused
            : new InvoiceChange([InvoiceAction.Void], ["invoice.voided"], now, by, reason);

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
            ? new InvoiceChange([InvoiceAction.PayInFull], ["payment.received", "invoice.paid"], now, by, Payment: payment)
            : new InvoiceChange([InvoiceAction.PayPart], ["payment.received"], now, by, Payment: payment);
    }

    /// <summary>Applies a decided change: the only place an invoice's state moves.</summary>
    public static void Apply(InvoiceState state, InvoiceChange change)
    {
        if (change.Issued is { } issued)
        {
            state.Terms = issued;
            state.Status = InvoiceLifecycle.Initial;
            state.CreatedAt = change.At;
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
        }
        if (change.Payment is { } payment)
        {
            state.Payments.Add(payment);
            var reason = payment.Reference is null ? $"Payment by {payment.Method}" : $"Payment by {payment.Method} ({payment.Reference})";
            state.PendingLedger.Add(LedgerPostings.PaymentReceived(payment.Amount, state.Terms!.Currency, change.At, reason, payment.Id)
                with { Id = $"{state.Version + 1}.1" });
        }
        state.UpdatedAt = change.At;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
