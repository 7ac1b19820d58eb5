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
/// Activated on the calling silo: the one creating it has just minted its id and skips its first read (<see cref="Storage.FreshGrains"/>).
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed class InvoiceGrain(
    [PersistentState("invoice", Names.Storage)] IPersistentState<InvoiceState> state,
    IQueryStore queries,
    IQueryStore readModel,
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

    public async Task Wake()
    {
        if (Persisted.RecordExists && await AimReminder())
        {
            await Save();
        }
    }

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
        var settled = await ResolveInFlight() is null;
        while (settled && InvoiceRules.DueSlot(State, Time.GetUtcNow()) is { } slot)
        {
            var method = await Grains.Get<IPolicyBillingGrain>(terms.PolicyId).PaymentMethod();
            var request = new ChargeInFlight(slot, $"{EntityId}:{slot}", InvoiceRules.Due(State), method, true, Actor.System);
            Decision<InvoiceChange> decision;
            if (method is null)
            {
                decision = InvoiceRules.Collected(State, Unpaid(request, "no_payment_method", "No payment method on file for this policy"),
                    Ids.New(IdPrefixes.Payment, Time), options.Billing.Retries, Time.GetUtcNow());
            }
            else
            {
                GatewayIntent? intent;
                try
                {
                    intent = await Send(request);
                }
                catch (Exception ex) when (ex is PaymentMethodNotFoundException or IdempotencyKeyReusedException)
                {
                    await Abandon();
                    intent = null;
                    decision = InvoiceRules.Collected(State, Unpaid(request, "payment_method_not_found", $"The payment method on file ({method}) could not be charged"),
                        Ids.New(IdPrefixes.Payment, Time), options.Billing.Retries, Time.GetUtcNow());
                    if (decision.Facts is { } facts)
                    {
                        await Decided(facts);
                    }
                    continue;
                }
                if (intent is null)
                {
                    break;
                }
                decision = Record(request, intent);
            }
            if (decision.Violation is not null)
            {
                break;
            }
            await Decided(decision.Facts!);
        }
        if (InvoiceRules.DunningAt(State, options.Billing.GraceDays) is { } dunAt && dunAt <= Time.GetUtcNow())
        {
            // The policy's status is read from the read model, never from the policy grain: a call to it could wait on
            // billing, which may be waiting on this invoice.
            var policy = await readModel.Get(QueryKinds.Policy, Tenant.ToString(), terms.PolicyId);
            var status = policy is null ? null : InsureJson.Deserialize<PolicyInfo>(policy).Status;
            if (status is PolicyStatuses.Cancelled or PolicyStatuses.PendingCancellation or PolicyStatuses.Expired)
            {
                await Decided(InvoiceRules.Dunned(Time.GetUtcNow()));
            }
            else
            {
                await Grains.Get<IPolicyGrain>(terms.PolicyId).CancelForNonPayment(terms.Number);
                await Decided(InvoiceRules.DunningRequested(Time.GetUtcNow()));
            }
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

    /// <summary>An automatic slot that charged nothing (no card on file, or one the gateway no longer knows): a failed attempt.</summary>
    private PaymentAttempt Unpaid(ChargeInFlight request, string code, string message) =>
        new(request.Slot, Time.GetUtcNow(), request.Method, "", "requires_payment_method", request.Amount, code, message, request.Key);

    /// <summary>
    /// Points the collection reminder at the next due moment (or removes it) when that moved; true when it did. The
    /// caller's next write stores <see cref="InvoiceState.ReminderDueAt"/>. A far installment's first reminder waits for
    /// its billing to wake it (<see cref="InvoiceRules.WokenByBilling"/>).
    /// </summary>
    private async Task<bool> AimReminder()
    {
        var due = InvoiceRules.NextDue(State, options.Billing.GraceDays);
        if (due == State.ReminderDueAt || due is { } far && InvoiceRules.WokenByBilling(State, far, Time.GetUtcNow()))
        {
            return false;
        }
        await this.AimAt(CollectionReminder, due, Time.GetUtcNow(), ReminderPeriod);
        State.ReminderDueAt = due;
        return true;
    }

    public Task<Outcome<InvoiceInfo>> Retry(Actor by) => Retry(by, null);

    public async Task<Outcome<InvoiceInfo>> Retry(Actor by, string? requestKey)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<InvoiceInfo>.NotFound;
        }
        if (await ResolveInFlight() is { } unresolved)
        {
            return unresolved;
        }
        if (InvoiceRules.MadeBy(State, requestKey) is not null)
        {
            return ToInfo();
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
        var request = new ChargeInFlight(slot, $"{EntityId}:{slot}", InvoiceRules.Due(State), method, true, by, requestKey);
        GatewayIntent? intent;
        try
        {
            intent = await Send(request);
        }
        catch (Exception ex) when (ex is PaymentMethodNotFoundException or IdempotencyKeyReusedException)
        {
            await Abandon();
            return ex is PaymentMethodNotFoundException
                ? RuleViolation.Business($"The payment method on file ({method}) no longer exists", "paymentMethod", "no_payment_method")
                : KeyInUse();
        }
        if (intent is null)
        {
            return GatewayDown();
        }
        var decision = Record(request, intent);
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
        if (await ResolveInFlight() is { } unresolved)
        {
            return unresolved;
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
            if (payment.IntentId is { Length: > 0 } intent)
            {
                var request = new RefundInFlight(refundId, $"{EntityId}:refund-{State.Refunds.Count + 1}", intent, payment.Id, share, reason, operationId, by);
                if (await SendRefund(request) is { } down)
                {
                    return down;
                }
            }
            else
            {
                await Decided(InvoiceRules.Refunded(State, new InvoiceRefund(refundId, share, reason, payment.Id, null, Time.GetUtcNow(), by, operationId)));
            }
            left -= share;
        }
        return ToInfo();
    }

    /// <summary>
    /// Stores a card refund, sends it and records it; a refusal (503) when the gateway did not answer, in which case the
    /// stored request is sent again, unchanged, before the invoice does anything else.
    /// </summary>
    private async Task<RuleViolation?> SendRefund(RefundInFlight request)
    {
        if (State.RefundInFlight != request)
        {
            State.RefundInFlight = request;
            await Save();
        }
        var terms = State.Terms!;
        GatewayRefund made;
        try
        {
            made = await gateway.Refund(new RefundRequest(request.IntentId, request.Amount, terms.Currency, request.Key, EntityId, terms.PolicyId, request.Reason));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            logger.LogWarning(ex, "Refund {Refund} of {Invoice} could not be confirmed by the gateway; it is sent again before anything else", request.RefundId, terms.Number);
            return GatewayDown();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The gateway answered and refused: nothing was refunded, so the stored request is dropped.
            State.RefundInFlight = null;
            await Save();
            return ex is IdempotencyKeyReusedException
                ? KeyInUse()
                : RuleViolation.Business($"The payment gateway refused the refund: {ex.Message}", "amount", "refund_refused");
        }
        await Decided(InvoiceRules.Refunded(State,
            new InvoiceRefund(request.RefundId, request.Amount, request.Reason, request.PaymentId, made.Id, Time.GetUtcNow(), request.By, request.OperationId)));
        return null;
    }

    public Task<InvoiceInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public Task<Outcome<InvoiceInfo>> Pay(ManualPayment payment) =>
        Change(() => InvoiceRules.Pay(State, payment, Ids.New(IdPrefixes.Payment, Time), Time.GetUtcNow()));

    public Task<Outcome<InvoiceInfo>> Void(string reason, Actor by) => Change(() => InvoiceRules.Void(State, reason, by, Time.GetUtcNow()));

    public Task<Outcome<PaymentIntentInfo>> CreatePaymentIntent(string? paymentMethod, Actor by) => CreatePaymentIntent(paymentMethod, by, null);

    public async Task<Outcome<PaymentIntentInfo>> CreatePaymentIntent(string? paymentMethod, Actor by, string? requestKey)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<PaymentIntentInfo>.NotFound;
        }
        if (await ResolveInFlight() is { } unresolved)
        {
            return unresolved;
        }
        if (InvoiceRules.MadeBy(State, requestKey) is { } made)
        {
            return await IntentOf(made, by);
        }
        if (InvoiceRules.Chargeable(State) is { } refused)
        {
            return refused;
        }
        var terms = State.Terms!;
        // One slot per intent the API asks for, with a key derived from it.
        var slot = $"intent-{State.Attempts.Count(a => a.Slot.StartsWith("intent-", StringComparison.Ordinal)) + 1}";
        var request = new ChargeInFlight(slot, $"{EntityId}:{slot}", InvoiceRules.Due(State), paymentMethod, paymentMethod is not null, by, requestKey);
        GatewayIntent? intent;
        try
        {
            intent = await Send(request);
        }
        catch (PaymentMethodNotFoundException)
        {
            await Abandon();
            return RuleViolation.Invalid("paymentMethod", "not_found", $"No such payment method: {paymentMethod}");
        }
        catch (IdempotencyKeyReusedException)
        {
            await Abandon();
            return KeyInUse();
        }
        if (intent is null)
        {
            return GatewayDown();
        }
        var decision = Record(request, intent);
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        await Decided(decision.Facts!);
        if (paymentMethod is not null)
        {
            await Grains.Get<IPolicyBillingGrain>(terms.PolicyId).SetPaymentMethod(paymentMethod);
        }
        return Answer(intent);
    }

    /// <summary>
    /// Stores the request, then sends it. Null when the gateway could not be reached: the stored request is sent again,
    /// unchanged, before the invoice charges anything else.
    /// </summary>
    private async Task<GatewayIntent?> Send(ChargeInFlight request)
    {
        if (State.InFlight != request)
        {
            State.InFlight = request;
            await Save();
        }
        try
        {
            return await Ask(request);
        }
        catch (Exception ex) when (ex is not (PaymentMethodNotFoundException or IdempotencyKeyReusedException or OperationCanceledException))
        {
            logger.LogWarning(ex, "Charge {Slot} of {Invoice} could not reach the gateway; it is sent again before any other", request.Slot, State.Terms!.Number);
            return null;
        }
    }

    /// <summary>The gateway call for a charge request; the same request always gets the same intent back.</summary>
    private Task<GatewayIntent> Ask(ChargeInFlight request)
    {
        var terms = State.Terms!;
        return gateway.CreateIntent(new IntentRequest(request.Amount, terms.Currency, request.Key, request.Method, request.Confirm,
            EntityId, terms.PolicyId, $"Invoice {terms.Number} for policy {terms.PolicyNumber}"));
    }

    /// <summary>
    /// The intent an earlier request made and recorded: asked of the gateway again under its key (nothing is charged twice)
    /// for its client secret, which the invoice does not keep.
    /// </summary>
    private async Task<Outcome<PaymentIntentInfo>> IntentOf(PaymentAttempt made, Actor by)
    {
        // Past the gateway's memory of the key, sending the request again could charge again: an answer that old is not fetched.
        if (Time.GetUtcNow() - made.At > InvoiceRules.AskAgainWithin)
        {
            return RuleViolation.Conflict($"This request made payment intent {made.IntentId} ({made.Status}) over a day ago; the invoice shows it");
        }
        GatewayIntent intent;
        try
        {
            intent = await Ask(new ChargeInFlight(made.Slot, made.IdempotencyKey, made.Amount, made.PaymentMethod, made.PaymentMethod is not null, by));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Intent {Intent} of {Invoice} could not be read back from the gateway", made.IntentId, State.Terms!.Number);
            return GatewayDown();
        }
        // The first answer may have been lost before the method was stored on the policy; store it unless a later intent
        // named another.
        if (made.PaymentMethod is { } method && InvoiceRules.IsLatestIntent(State, made))
        {
            await Grains.Get<IPolicyBillingGrain>(State.Terms!.PolicyId).SetPaymentMethod(method);
        }
        return Answer(intent);
    }

    private PaymentIntentInfo Answer(GatewayIntent intent) => new(intent.Id, intent.ClientSecret, intent.Status, intent.Amount, intent.Currency,
        intent.PaymentMethod, intent.DeclineCode, intent.FailureMessage, ToInfo());

    /// <summary>The gateway did not answer; the stored request is sent again, unchanged, on the next call (503).</summary>
    private static RuleViolation GatewayDown() =>
        new(ErrorCodes.Unavailable, "The payment gateway could not be reached; the charge is settled when the invoice is next paid, retried or collected", null);

    /// <summary>Forgets a stored request the gateway refused outright (nothing was charged).</summary>
    private async Task Abandon()
    {
        State.InFlight = null;
        await Save();
    }

    /// <summary>The decision a gateway result makes: automatic slots follow the retry schedule, others are a single try.</summary>
    private Decision<InvoiceChange> Record(ChargeInFlight request, GatewayIntent intent)
    {
        var attempt = new PaymentAttempt(request.Slot, Time.GetUtcNow(), request.Method, intent.Id, intent.Status, intent.Amount, intent.DeclineCode,
            intent.FailureMessage, request.Key, request.RequestKey);
        var paymentId = Ids.New(IdPrefixes.Payment, Time);
        return request.Slot == InvoiceRules.CollectSlot || request.Slot.StartsWith("retry-", StringComparison.Ordinal)
            ? InvoiceRules.Collected(State, attempt, paymentId, options.Billing.Retries, Time.GetUtcNow())
            : InvoiceRules.Charged(State, attempt, paymentId, request.By, Time.GetUtcNow());
    }

    /// <summary>
    /// Settles a request left in flight by an earlier failure, by sending it again unchanged (the gateway answers with
    /// the first result) and recording that. A refusal when it still cannot be settled.
    /// </summary>
    private async Task<RuleViolation?> ResolveInFlight()
    {
        if (State.RefundInFlight is { } refund && await SendRefund(refund) is { } refundDown)
        {
            return refundDown;
        }
        if (State.InFlight is not { } pending)
        {
            return null;
        }
        GatewayIntent? intent;
        try
        {
            intent = await Send(pending);
        }
        catch (Exception ex) when (ex is PaymentMethodNotFoundException or IdempotencyKeyReusedException)
        {
            await Abandon();
            return null;
        }
        if (intent is null)
        {
            return GatewayDown();
        }
        var decision = Record(pending, intent);
        if (decision.Facts is { } facts)
        {
            await Decided(facts);
        }
        else
        {
            await Abandon();
        }
        return null;
    }

    /// <summary>
    /// Decides a change; applies and commits it when allowed. A card charge still in flight is settled first, so no
    /// change is decided on an amount due the gateway may already have collected.
    /// </summary>
    private async Task<Outcome<InvoiceInfo>> Change(Func<Decision<InvoiceChange>> decide)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<InvoiceInfo>.NotFound;
        }
        if (await ResolveInFlight() is { } unresolved)
        {
            return unresolved;
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
            State.UpdatedAt, State.Version, State.WrittenOff);
    }
}
