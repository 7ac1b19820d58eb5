using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Ledger;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Billing;

/// <summary>
/// An invoice's lifecycle: load, decide (<see cref="InvoiceRules"/>), apply, commit; card charges go through the gateway.
/// One reminder, re-aimed after each change, wakes the invoice for its due-date collection, each retry, and the
/// cancellation for non-payment after the grace period.
/// </summary>
internal sealed class InvoiceGrain(
    [PersistentState("invoice", Names.Storage)] IPersistentState<InvoiceState> state,
    IQueryStore queries,
    IPaymentGateway gateway,
    InsureOptions options,
    TenantClocks clocks,
    ILogger<InvoiceGrain> logger)
    : TenantGrain<InvoiceState>(state, queries, clocks, logger), IInvoiceGrain, IRemindable
{
    private const string CollectionReminder = "collection";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromDays(1);

    public async Task<InvoiceInfo> Issue(NewInvoice invoice)
    {
        if (!Persisted.RecordExists)
        {
            await Decided(InvoiceRules.Issue(invoice, Time.GetUtcNow()));
        }
        return ToInfo();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ProcessDue();

    /// <summary>
    /// Does what the clock has made due: the collection or retry slot due now (each slot charged at most once, with a
    /// key derived from it, so a late, repeated or concurrent tick charges once), then dunning; then re-aims the reminder.
    /// </summary>
    private async Task ProcessDue()
    {
        if (!Persisted.RecordExists)
        {
            return;
        }
        var terms = State.Terms!;
        while (InvoiceRules.DueSlot(State, Time.GetUtcNow()) is { } slot)
        {
            var method = await Grains.Get<IPolicyBillingGrain>(terms.PolicyId).PaymentMethod();
            var attempt = method is null
                ? new PaymentAttempt(slot, Time.GetUtcNow(), null, "", "requires_payment_method", InvoiceRules.Due(State), "no_payment_method",
                    "No payment method on file for this policy", $"{EntityId}:{slot}")
                : await Charge(slot, method);
            if (attempt is null)
            {
                break;
            }
            var decision = InvoiceRules.Collected(State, attempt, Ids.New(IdPrefixes.Payment, Time), options.Billing.Retries, Time.GetUtcNow());
            if (decision.Violation is not null)
            {
                break;
            }
            await Decided(decision.Facts!);
        }
        if (InvoiceRules.DunningAt(State, options.Billing.GraceDays) is { } dunAt && dunAt <= Time.GetUtcNow())
        {
            var cancelled = await Grains.Get<IPolicyGrain>(terms.PolicyId).CancelForNonPayment(terms.Number);
            if (cancelled.Violation is { } refused)
            {
                // Already cancelled or expired: there is nothing left to cancel, and nothing to retry.
                logger.LogInformation("Cancellation for non-payment of {Invoice} not made: {Reason}", terms.Number, refused.Message);
            }
            await Decided(InvoiceRules.Dunned(Time.GetUtcNow()));
        }
        if (await AimReminder())
        {
            await Save();
        }
    }

    /// <summary>
    /// The gateway holds a different request under this slot's key: an earlier charge whose result was never recorded
    /// (the call failed after the gateway took it). Refused as a conflict rather than charged again.
    /// </summary>
    private static RuleViolation KeyInUse() =>
        RuleViolation.Conflict("An earlier charge of this invoice is still being settled with the payment gateway; it must be reconciled before another");

    /// <summary>Charges the method on file for a slot; null when the gateway could not be reached (the reminder tries again).</summary>
    private async Task<PaymentAttempt?> Charge(string slot, string method, bool rethrowKeyReuse = false)
    {
        var terms = State.Terms!;
        var key = $"{EntityId}:{slot}";
        try
        {
            var intent = await gateway.CreateIntent(new IntentRequest(InvoiceRules.Due(State), terms.Currency, key, method, Confirm: true,
                EntityId, terms.PolicyId, $"Invoice {terms.Number} for policy {terms.PolicyNumber}"));
            return new PaymentAttempt(slot, Time.GetUtcNow(), method, intent.Id, intent.Status, intent.Amount, intent.DeclineCode, intent.FailureMessage, key);
        }
        catch (PaymentMethodNotFoundException)
        {
            return new PaymentAttempt(slot, Time.GetUtcNow(), method, "", "requires_payment_method", InvoiceRules.Due(State), "payment_method_not_found",
                $"The payment method on file ({method}) no longer exists", key);
        }
        catch (IdempotencyKeyReusedException) when (rethrowKeyReuse)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Collection of {Invoice} slot {Slot} could not reach the gateway; the reminder tries again", terms.Number, slot);
            return null;
        }
    }

    /// <summary>
    /// Points the collection reminder at the next due moment (or removes it) when that moved; true when it did. The
    /// caller's next write stores <see cref="InvoiceState.ReminderDueAt"/>.
    /// </summary>
    private async Task<bool> AimReminder()
    {
        var due = InvoiceRules.NextDue(State, options.Billing.GraceDays);
        if (due == State.ReminderDueAt)
        {
            return false;
        }
        if (due is { } at)
        {
            var wait = at - Time.GetUtcNow();
            await this.RegisterOrUpdateReminder(CollectionReminder, wait < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait, ReminderPeriod);
        }
        else if (await this.GetReminder(CollectionReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        State.ReminderDueAt = due;
        return true;
    }

    public async Task<Outcome<InvoiceInfo>> Retry(Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<InvoiceInfo>.NotFound;
        }
        if (InvoiceRules.Retryable(State) is { } refused)
        {
            return refused;
        }
        var terms = State.Terms!;
        var method = await Grains.Get<IPolicyBillingGrain>(terms.PolicyId).PaymentMethod();
        if (method is null)
        {
            return RuleViolation.Business("No payment method is on file for this policy; create a payment intent with one", "paymentMethod", "no_payment_method");
        }
        var slot = $"manual-{State.Attempts.Count(a => a.Slot.StartsWith("manual-", StringComparison.Ordinal)) + 1}";
        PaymentAttempt? attempt;
        try
        {
            attempt = await Charge(slot, method, rethrowKeyReuse: true);
        }
        catch (IdempotencyKeyReusedException)
        {
            return KeyInUse();
        }
        if (attempt is null)
        {
            throw new TimeoutException("The payment gateway could not be reached; try again");
        }
        var decision = InvoiceRules.Charged(State, attempt, Ids.New(IdPrefixes.Payment, Time), by, Time.GetUtcNow());
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        await Decided(decision.Facts!);
        return ToInfo();
    }

    public Task<Outcome<InvoiceInfo>> Adjust(string operationId, InvoiceLine[] lines, Actor by) =>
        Change(() => InvoiceRules.Adjust(State, operationId, lines, by, Time.GetUtcNow()));

    public async Task<Outcome<InvoiceInfo>> Refund(decimal? amount, string reason, Actor by, string? operationId = null)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<InvoiceInfo>.NotFound;
        }
        if (operationId is not null && amount is { } wanted)
        {
            // A step of billing's, perhaps interrupted after some of its refunds: only what it has not refunded yet.
            amount = wanted - State.Refunds.Where(r => r.OperationId == operationId).Sum(r => r.Amount);
            if (amount <= 0)
            {
                return ToInfo();
            }
        }
        var plan = InvoiceRules.PlanRefund(State, amount);
        if (plan.Violation is { } violation)
        {
            return violation;
        }
        var (left, sources) = plan.Facts!;
        var terms = State.Terms!;
        foreach (var payment in sources)
        {
            var share = Math.Min(InvoiceRules.Refundable(State, payment), left);
            var refundId = Ids.New(IdPrefixes.Refund, Time);
            string? gatewayRefund = null;
            if (payment.IntentId is { Length: > 0 } intent)
            {
                var key = $"{EntityId}:refund-{State.Refunds.Count + 1}";
                gatewayRefund = (await gateway.Refund(new RefundRequest(intent, share, terms.Currency, key, EntityId, terms.PolicyId, reason))).Id;
            }
            var refundedBefore = InvoiceRules.Refunded(State);
            await Decided(InvoiceRules.Refunded(State, new InvoiceRefund(refundId, share, reason, payment.Id, gatewayRefund, Time.GetUtcNow(), by, operationId), refundedBefore));
            left -= share;
        }
        return ToInfo();
    }

    public Task<InvoiceInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public Task<Outcome<InvoiceInfo>> Pay(ManualPayment payment) =>
        Change(() => InvoiceRules.Pay(State, payment, Ids.New(IdPrefixes.Payment, Time), Time.GetUtcNow()));

    public Task<Outcome<InvoiceInfo>> Void(string reason, Actor by) => Change(() => InvoiceRules.Void(State, reason, by, Time.GetUtcNow()));

    public async Task<Outcome<PaymentIntentInfo>> CreatePaymentIntent(string? paymentMethod, Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<PaymentIntentInfo>.NotFound;
        }
        if (InvoiceRules.Chargeable(State) is { } refused)
        {
            return refused;
        }
        var terms = State.Terms!;
        // One slot per intent the API asks for; its key is deterministic, so a call retried after a failed write finds
        // the intent (and any charge) the gateway already made instead of charging again.
        var slot = $"intent-{State.Attempts.Count(a => a.Slot.StartsWith("intent-", StringComparison.Ordinal)) + 1}";
        var key = $"{EntityId}:{slot}";
        var due = InvoiceRules.Due(State);
        GatewayIntent intent;
        try
        {
            intent = await gateway.CreateIntent(new IntentRequest(due, terms.Currency, key, paymentMethod, paymentMethod is not null,
                EntityId, terms.PolicyId, $"Invoice {terms.Number} for policy {terms.PolicyNumber}"));
        }
        catch (PaymentMethodNotFoundException)
        {
            return RuleViolation.Invalid("paymentMethod", "not_found", $"No such payment method: {paymentMethod}");
        }
        catch (IdempotencyKeyReusedException)
        {
            return KeyInUse();
        }
        var attempt = new PaymentAttempt(slot, Time.GetUtcNow(), paymentMethod, intent.Id, intent.Status, intent.Amount, intent.DeclineCode,
            intent.FailureMessage, key);
        var decision = InvoiceRules.Charged(State, attempt, Ids.New(IdPrefixes.Payment, Time), by, Time.GetUtcNow());
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        await Decided(decision.Facts!);
        if (paymentMethod is not null)
        {
            await Grains.Get<IPolicyBillingGrain>(terms.PolicyId).SetPaymentMethod(paymentMethod);
        }
        return new PaymentIntentInfo(intent.Id, intent.ClientSecret, intent.Status, intent.Amount, intent.Currency, intent.PaymentMethod,
            intent.DeclineCode, intent.FailureMessage, ToInfo());
    }

    /// <summary>Decides a change; applies and commits it when allowed.</summary>
    private async Task<Outcome<InvoiceInfo>> Change(Func<Decision<InvoiceChange>> decide)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<InvoiceInfo>.NotFound;
        }
        var decision = decide();
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        await Decided(decision.Facts!);
        return ToInfo();
    }

    private async Task Decided(InvoiceChange change)
    {
        InvoiceRules.Apply(State, change);
        try
        {
            await AimReminder();
        }
        catch
        {
            // The change is applied in memory but not stored: drop the activation so the next call reloads the stored state.
            DeactivateOnIdle();
            throw;
        }
        await Commit(() => change.EventTypes.Select(type => NewEvent(type, ToInfo())));
    }

    protected override IReadOnlyList<QueryRecord> Postings() =>
        State.Terms is null ? [] : LedgerRecords.For(Tenant, State.Terms.PolicyId, EntityId, State.PendingLedger).ToList();

    protected override void Posted() => State.PendingLedger.Clear();

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string>
            {
                ["status"] = State.Status,
                ["policyId"] = State.Terms!.PolicyId,
                ["dueDate"] = State.Terms.DueDate.ToString("yyyy-MM-dd"),
            };
            yield return Summary(QueryKinds.Invoice, State.CreatedAt, tags, ToInfo());
        }
    }

    private InvoiceInfo ToInfo()
    {
        var terms = State.Terms!;
        return new InvoiceInfo(EntityId, terms.Number, terms.PolicyId, terms.PolicyNumber, terms.InstallmentNumber, State.Status, terms.Currency,
            terms.DueDate, terms.Lines, InvoiceRules.Total(State), InvoiceRules.Paid(State), InvoiceRules.Refunded(State), InvoiceRules.Due(State),
            [.. State.Payments], [.. State.Attempts], [.. State.Refunds], State.NextRetryAt, [.. State.Transitions], State.CreatedAt, terms.By,
            State.UpdatedAt, State.Version);
    }
}
