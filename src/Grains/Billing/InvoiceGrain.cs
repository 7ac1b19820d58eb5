using Insure.Grains.Events;
using Insure.Grains.Ledger;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Billing;

/// <summary>An invoice's lifecycle: load, decide (<see cref="InvoiceRules"/>), apply, commit; card charges go through the gateway.</summary>
internal sealed class InvoiceGrain(
    [PersistentState("invoice", Names.Storage)] IPersistentState<InvoiceState> state,
    IQueryStore queries,
    IPaymentGateway gateway,
    TenantClocks clocks,
    ILogger<InvoiceGrain> logger)
    : TenantGrain<InvoiceState>(state, queries, clocks, logger), IInvoiceGrain
{
    public async Task<InvoiceInfo> Issue(NewInvoice invoice)
    {
        if (!Persisted.RecordExists)
        {
            await Decided(InvoiceRules.Issue(invoice, Time.GetUtcNow()));
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
