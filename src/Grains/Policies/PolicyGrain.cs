using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Ledger;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Insure.Grains.Referrals;
using Insure.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Policies;

/// <summary>
/// A policy's lifecycle: load, decide (<see cref="PolicyRules"/>), apply, commit. One reminder, re-aimed after each
/// change, wakes the grain for whatever the clock brings next (activation, a scheduled cancellation, the renewal offer, expiry).
/// Activated on the calling silo: the one creating it has just minted its id and skips its first read (<see cref="Storage.FreshGrains"/>).
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed class PolicyGrain(
    [PersistentState("policy", Names.Storage)] IPersistentState<PolicyState> state,
    IQueryStore queries,
    ProductCatalog catalog,
    InsureOptions options,
    TenantClocks clocks,
    FreshGrains fresh,
    ILogger<PolicyGrain> logger)
    : TenantGrain<PolicyState>(state, queries, clocks, logger), IPolicyGrain, IRemindable
{
    private const string LifecycleReminder = "lifecycle";
    /// <summary>Fallback period: a reminder that is not re-aimed still wakes the grain daily (Orleans' minimum is a minute).</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromDays(1);
    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
    /// <summary>
    /// This activation is issuing the policy, which was stored nowhere before its first write: no billing instruction
    /// has gone out for it yet, so its billing has no stored state until the first one is delivered.
    /// </summary>
    private bool _billingUnstored;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Persisted.RecordExists)
        {
            await ProcessDue();
        }
    }

    public async Task<PolicyInfo> Issue(NewPolicy policy)
    {
        if (Persisted.RecordExists)
        {
            return ToInfo();
        }
        _billingUnstored = true;
        await Decided(PolicyRules.Issue(policy, EntityId, Time.GetUtcNow()));
        await ProcessDue();
        return ToInfo();
    }

    public Task<PolicyInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public Task<PolicyInfo?> GetAsOf(DateOnly date) => Task.FromResult(Persisted.RecordExists
        ? ToInfo(State.Versions.LastOrDefault(v => v.EffectiveDate <= date) ?? State.Versions[0])
        : null);

    public Task<PolicyTransaction[]?> GetTimeline() => Task.FromResult(Persisted.RecordExists ? State.Timeline.ToArray() : null);

    public Task<EarnedPremium?> Earned(DateOnly asOf) => Task.FromResult(Persisted.RecordExists ? PolicyRules.Earned(State, asOf) : null);

    public async Task<Outcome<EndorsementResult>> Endorse(Endorsement endorsement, long? expectedVersion)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<EndorsementResult>.NotFound;
        }
        var current = PolicyRules.Current(State);
        var plan = catalog.Find(current.Rating.ProductCode, current.Rating.PlanVersion)!;
        var decision = PolicyRules.Endorse(State, endorsement, plan, expectedVersion, Time.GetUtcNow());
        if (decision.Violation is { } violation)
        {
            ReferralStandings.WakeOpen(Grains, State.Referrals);
            return violation;
        }
        await Decided(decision.Facts!);
        return new EndorsementResult(ToInfo(), decision.Facts!.NewVersion!);
    }

    public Task<Outcome<PolicyInfo>> Cancel(CancellationRequest request, long? expectedVersion) =>
        Change(() => PolicyRules.Cancel(State, request, options.Policies, expectedVersion, Today, Time.GetUtcNow()));

    public async Task CancelForNonPayment(string invoiceNumber)
    {
        var outcome = await Change(() =>
        {
            var effective = Today < PolicyRules.Effective(State) ? PolicyRules.Effective(State) : Today;
            var request = new CancellationRequest(effective, CancellationMethods.ProRata, $"Non-payment of invoice {invoiceNumber}", Actor.System);
            return PolicyRules.Cancel(State, request, options.Policies, null, Today, Time.GetUtcNow());
        });
        if (outcome.Violation is { } refused)
        {
            // Already cancelled or expired: nothing is left to cancel.
            logger.LogInformation("Cancellation for non-payment of {Invoice} not made: {Reason}", invoiceNumber, refused.Message);
        }
    }

    public Task<Outcome<PolicyInfo>> Reinstate(string? reason, Actor by, long? expectedVersion) =>
        Change(() => PolicyRules.Reinstate(State, reason, by, options.Policies, expectedVersion, Today, Time.GetUtcNow()));

    public async Task<Outcome<PolicyInfo>> Renew(Actor by, long? expectedVersion)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<PolicyInfo>.NotFound;
        }
        var plan = catalog.Find(PolicyRules.Current(State).Rating.ProductCode);
        var decision = PolicyRules.Renew(State, plan, expectedVersion, Time.GetUtcNow());
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        var offer = decision.Facts!;
        // The number and id are stored before the renewal is issued, so a renewal retried after a failure issues the same policy.
        if (State.PendingRenewalId is null)
        {
            State.PendingRenewalNumber = await PolicyNumbers.Allocate(GrainFactory, Tenant, plan!.PolicyNumberPrefix, offer.EffectiveDate.Year);
            State.PendingRenewalId = Ids.New(IdPrefixes.Policy, Time);
            await Save();
        }
        var terms = State.Terms!;
        var application = PolicyRules.ApplicationOf(State, PolicyRules.Current(State)) with { EffectiveDate = offer.EffectiveDate, ExpirationDate = offer.ExpirationDate };
        var installments = InstallmentSchedule.Build(terms.InstallmentPlan, offer.EffectiveDate, offer.Rating.GrossPremium, offer.Rating.Taxes, offer.Rating.Fees);
        var renewed = await Grains.Get<IPolicyGrain>(State.PendingRenewalId).Issue(new NewPolicy(
            State.PendingRenewalNumber!, terms.SubmissionId, Ids.New(IdPrefixes.Quote, Time), application, offer.ExpirationDate, offer.Rating,
            terms.InstallmentPlan, installments, by, EntityId));
        await Decided(PolicyRules.Renewed(State, offer, renewed.Id, by, Time.GetUtcNow()));
        return renewed;
    }

    public async Task ApplyReferral(ReferralNotice notice)
    {
        if (!Persisted.RecordExists || !ReferralStandings.IsNews(State.Referrals, notice))
        {
            return;
        }
        // Held for the endorsement that names it; the policy itself does not change, so there is no event and no new ETag.
        ReferralStandings.Record(State.Referrals, notice);
        await Save();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ProcessDue();

    /// <summary>Decides a change; applies and commits it when allowed.</summary>
    private async Task<Outcome<PolicyInfo>> Change(Func<Decision<PolicyChange>> decide)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<PolicyInfo>.NotFound;
        }
        var decision = decide();
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        await Decided(decision.Facts!);
        return ToInfo();
    }

    /// <summary>Applies whatever the clock has made due, in order and each once; then re-aims the reminder.</summary>
    private async Task ProcessDue()
    {
        if (!Persisted.RecordExists)
        {
            return;
        }
        var plan = catalog.Find(PolicyRules.Current(State).Rating.ProductCode);
        while (PolicyRules.Due(State, options.Policies, plan, Today, Time.GetUtcNow()) is { } change)
        {
            await Decided(change);
        }
        // Nothing changed, but the reminder may not be where the state says (a first activation after an upgrade).
        if (await AimReminder())
        {
            await Save();
        }
    }

    /// <summary>Applies a decided change, aims the lifecycle reminder, and commits the state with the change's event.</summary>
    private async Task Decided(PolicyChange change)
    {
        PolicyRules.Apply(State, change);
        await AimReminder();
        await Commit(() => [NewEvent(change.EventType, ToInfo())]);
    }

    /// <summary>
    /// Points the lifecycle reminder at the next due moment (or removes it) when that moved; true when it did.
    /// The caller's next write stores <see cref="PolicyState.ReminderDueAt"/>, so re-aiming costs no write of its own.
    /// </summary>
    private async Task<bool> AimReminder()
    {
        DateTimeOffset? due = PolicyRules.NextDue(State, options.Policies, Today) is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        if (due == State.ReminderDueAt)
        {
            return false;
        }
        await this.AimAt(LifecycleReminder, due, Time.GetUtcNow(), ReminderPeriod);
        State.ReminderDueAt = due;
        return true;
    }

    protected override bool HasInstructions => State.PendingBilling.Count > 0;

    protected override IReadOnlyList<QueryRecord> Postings() => LedgerRecords.For(Tenant, EntityId, EntityId, State.PendingLedger).ToList();

    protected override void Posted() => State.PendingLedger.Clear();

    /// <summary>Delivers the billing instructions in order; billing ignores one it already applied.</summary>
    protected override async Task<bool> SendInstructions()
    {
        if (State.PendingBilling.Count == 0)
        {
            return false;
        }
        var billing = Grains.Get<IPolicyBillingGrain>(EntityId);
        // The first delivery of a new policy's first instruction: its billing's first activation need not look for a stored state.
        using var minted = _billingUnstored ? fresh.Mark(billing.GetGrainId()) : default;
        _billingUnstored = false;
        foreach (var instruction in State.PendingBilling.ToList())
        {
            await billing.Apply(instruction);
            State.PendingBilling.Remove(instruction);
        }
        return true;
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var application = State.Terms!.Application;
            var tags = new Dictionary<string, string>
            {
                ["status"] = State.Status,
                ["lineOfBusiness"] = application.ProductCode,
                ["policyNumber"] = State.Terms!.PolicyNumber,
                ["effectiveDate"] = application.EffectiveDate.ToString("yyyy-MM-dd"),
            };
            if (application.PolicyholderId is { } holder)
            {
                tags["policyholderId"] = holder;
            }
            if (application.ProducerId is { } producer)
            {
                tags["producerId"] = producer;
            }
            if (application.AgencyId is { } agency)
            {
                tags["agencyId"] = agency;
            }
            yield return Summary(QueryKinds.Policy, State.CreatedAt, tags, ToInfo());
        }
    }

    private PolicyInfo ToInfo(PolicyVersion? version = null)
    {
        var terms = State.Terms!;
        var shown = version ?? PolicyRules.Current(State);
        return new PolicyInfo(EntityId, terms.PolicyNumber, State.Status, terms.SubmissionId, terms.QuoteId, PolicyRules.ApplicationOf(State, shown),
            terms.Application.EffectiveDate, terms.ExpirationDate, shown.Rating, terms.InstallmentPlan, terms.Installments, State.CreatedAt,
            terms.BoundBy, State.UpdatedAt, State.Version, shown.Number, State.WrittenPremium, State.Cancellation, State.RenewalOffer, terms.RenewalOfPolicyId,
            State.RenewedToPolicyId, State.WrittenTaxes, State.WrittenFees);
    }
}
