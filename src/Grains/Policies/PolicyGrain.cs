using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Insure.Grains.Underwriting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Policies;

[GenerateSerializer, Alias("insure.PolicyState")]
public sealed class PolicyState : IOutboxState
{
    /// <summary>The terms the policy was issued with (version 1).</summary>
    [Id(0)] public NewPolicy? Terms { get; set; }
    [Id(1)] public string Status { get; set; } = PolicyStatuses.Bound;
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public long Version { get; set; }
    [Id(5)] public List<DomainEvent> Outbox { get; set; } = [];
    [Id(6)] public List<PolicyVersion> Versions { get; set; } = [];
    [Id(7)] public List<PolicyTransaction> Timeline { get; set; } = [];
    [Id(8)] public decimal WrittenPremium { get; set; }
    [Id(9)] public decimal WrittenTaxes { get; set; }
    [Id(10)] public CancellationInfo? Cancellation { get; set; }
    [Id(11)] public RenewalOffer? RenewalOffer { get; set; }
    [Id(12)] public string? RenewedToPolicyId { get; set; }
    /// <summary>Set before the renewal policy is issued, so a retried renewal issues the same one.</summary>
    [Id(13)] public string? PendingRenewalId { get; set; }
    [Id(14)] public string? PendingRenewalNumber { get; set; }
    /// <summary>Where the lifecycle reminder is aimed, stored with the change that aimed it.</summary>
    [Id(15)] public DateTimeOffset? ReminderDueAt { get; set; }
    [Id(16)] public decimal WrittenFees { get; set; }
}

/// <summary>
/// A policy's lifecycle. Every change goes through <see cref="PolicyLifecycle"/>; money effects are computed by
/// <see cref="RatingEngine"/> and <see cref="Proration"/>. One reminder, re-aimed after each change, wakes the grain
/// for whatever the clock brings next (activation, a scheduled cancellation, the renewal offer, expiry).
/// </summary>
internal sealed class PolicyGrain(
    [PersistentState("policy", Names.Storage)] IPersistentState<PolicyState> state,
    IQueryStore queries,
    ProductCatalog catalog,
    InsureOptions options,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    ILogger<PolicyGrain> logger)
    : TenantGrain<PolicyState>(state, queries, time, logger), IPolicyGrain, IRemindable
{
    private const string LifecycleReminder = "lifecycle";
    /// <summary>Fallback period: a reminder that is not re-aimed still wakes the grain daily (Orleans' minimum is a minute).</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromDays(1);
    private PolicyVersion Current => State.Versions[^1];
    private DateOnly Effective => State.Terms!.Application.EffectiveDate;
    private DateOnly Expiration => State.Terms!.ExpirationDate;
    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);


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
        var now = Time.GetUtcNow();
        State.Terms = policy;
        State.CreatedAt = State.UpdatedAt = now;
        State.Status = PolicyStatuses.Bound;
        State.Versions = [new PolicyVersion(1, policy.Application.EffectiveDate, policy.Application, policy.Rating,
            policy.Rating.GrossPremium, policy.Rating.Taxes, now, null, policy.Rating.Fees)];
        State.WrittenPremium = policy.Rating.GrossPremium;
        State.WrittenTaxes = policy.Rating.Taxes;
        State.WrittenFees = policy.Rating.Fees;
        Record(policy.RenewalOfPolicyId is null ? "bind" : "renewal_bind", policy.BoundBy, policy.Application.EffectiveDate,
            policy.Rating.GrossPremium, policy.Rating.Taxes, null, policy.RenewalOfPolicyId, policy.Rating.Fees);
        await CommitAimed(Event("policy.bound"));
        await ProcessDue();
        return ToInfo();
    }

    public Task<PolicyInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public Task<PolicyInfo?> GetAsOf(DateOnly date) => Task.FromResult(Persisted.RecordExists
        ? ToInfo(State.Versions.LastOrDefault(v => v.EffectiveDate <= date) ?? State.Versions[0])
        : null);

    public Task<PolicyTransaction[]?> GetTimeline() => Task.FromResult(Persisted.RecordExists ? State.Timeline.ToArray() : null);

    public async Task<PolicyOutcome> Endorse(Endorsement endorsement, long? expectedVersion)
    {
        if (Refusal(PolicyAction.Endorse, expectedVersion) is { } refused)
        {
            return refused;
        }
        var date = endorsement.EffectiveDate;
        if (date < Effective || date >= Expiration)
        {
            return Refuse("business_rule_violation", $"An endorsement must take effect within the term ({Effective:yyyy-MM-dd} to {Expiration:yyyy-MM-dd})", "effectiveDate");
        }
        if (date < Current.EffectiveDate)
        {
            return Refuse("business_rule_violation", $"Version {Current.Number} takes effect {Current.EffectiveDate:yyyy-MM-dd}; an endorsement cannot take effect before it", "effectiveDate");
        }
        var plan = catalog.Find(Current.Rating.ProductCode, Current.Rating.PlanVersion)!;
        var inputs = new Dictionary<string, string>(Current.Application.Inputs);
        foreach (var (name, value) in endorsement.Changes)
        {
            if (!plan.Inputs.ContainsKey(name))
            {
                return Refuse("validation_failed", $"{name} is not an input of {plan.Code}", $"changes.{name}", "unknown_field");
            }
            inputs[name] = value;
        }
        var application = Current.Application with { Inputs = inputs, InsuredName = endorsement.InsuredName ?? Current.Application.InsuredName };
        if (RatingEngine.Validate(plan, application.ToRating()).FirstOrDefault() is { } issue)
        {
            return Refuse("validation_failed", issue.Message, $"changes.{issue.Field}", issue.Rule);
        }
        // A change that underwriting would refer or decline at new business needs the same review mid-term.
        var triage = Triage.Assess(plan, application);
        if (triage.Verdict is ReadinessVerdicts.Declined or ReadinessVerdicts.ReferralRequired)
        {
            return new PolicyOutcome(null, new RuleViolation("business_rule_violation",
                $"The changed terms need underwriting: {(triage.Verdict == ReadinessVerdicts.Declined ? "declined" : "referral required")} ({string.Join("; ", triage.Reasons.Where(r => !r.EndsWith(" not provided", StringComparison.Ordinal)))})",
                new Dictionary<string, string> { ["verdict"] = triage.Verdict }));
        }
        var rating = RatingEngine.Rate(plan, application.ToRating());
        // Premium, taxes and premium-based fees each change by the pro-rata share of their difference for the rest
        // of the term, so a change of state re-taxes the remaining premium even when the premium itself is unchanged.
        var delta = Proration.ProRata(rating.GrossPremium - Current.Rating.GrossPremium, date, Effective, Expiration);
        var taxesDelta = Proration.ProRata(rating.Taxes - Current.Rating.Taxes, date, Effective, Expiration);
        var feesDelta = Proration.ProRata(rating.Fees - Current.Rating.Fees, date, Effective, Expiration);
        var version = new PolicyVersion(Current.Number + 1, date, application, rating, delta, taxesDelta, Time.GetUtcNow(), endorsement.Reason, feesDelta);
        State.Versions.Add(version);
        State.WrittenPremium += delta;
        State.WrittenTaxes += taxesDelta;
        State.WrittenFees += feesDelta;
        Record("endorse", endorsement.By, date, delta, taxesDelta, endorsement.Reason, null, feesDelta);
        await CommitAimed(Event("policy.endorsed"));
        return new PolicyOutcome(ToInfo(), null, version);
    }

    public async Task<PolicyOutcome> Cancel(CancellationRequest request, long? expectedVersion)
    {
        var immediate = request.EffectiveDate <= Today;
        if (Refusal(immediate ? PolicyAction.Cancel : PolicyAction.ScheduleCancellation, expectedVersion) is { } refused)
        {
            return refused;
        }
        if (request.EffectiveDate < Effective || request.EffectiveDate > Expiration)
        {
            return Refuse("business_rule_violation", $"A cancellation must take effect within the term ({Effective:yyyy-MM-dd} to {Expiration:yyyy-MM-dd})", "effectiveDate");
        }
        if (request.Method == CancellationMethods.Flat && request.EffectiveDate > Effective)
        {
            return Refuse("business_rule_violation", $"A flat cancellation returns the whole premium, so it must take effect at inception ({Effective:yyyy-MM-dd})", "method");
        }
        var earliest = Today.AddDays(-options.Policies.MaxBackdateDays);
        if (request.EffectiveDate < earliest)
        {
            return Refuse("business_rule_violation", $"A cancellation can be backdated at most {options.Policies.MaxBackdateDays} days (to {earliest:yyyy-MM-dd})", "effectiveDate");
        }
        var calculation = Proration.Cancellation(request.Method, State.WrittenPremium, State.WrittenTaxes,
            State.Versions.Select(v => (v.EffectiveDate, v.Rating.GrossPremium)).ToList(), request.EffectiveDate, Effective, Expiration);
        State.Cancellation = new CancellationInfo(request.EffectiveDate, request.Reason, calculation, immediate, Time.GetUtcNow(), request.By);
        State.Status = immediate ? PolicyStatuses.Cancelled : PolicyStatuses.PendingCancellation;
        State.WrittenPremium -= calculation.ReturnPremium;
        State.WrittenTaxes -= calculation.ReturnTaxes;
        Record("cancel", request.By, request.EffectiveDate, -calculation.ReturnPremium, -calculation.ReturnTaxes, request.Reason, null);
        await CommitAimed(Event(immediate ? "policy.cancelled" : "policy.cancellation_scheduled"));
        return new PolicyOutcome(ToInfo(), null);
    }

    public async Task<PolicyOutcome> Reinstate(string? reason, Actor by, long? expectedVersion)
    {
        if (Refusal(PolicyAction.Reinstate, expectedVersion) is { } refused)
        {
            return refused;
        }
        var cancellation = State.Cancellation!;
        var window = options.Policies.ReinstatementWindowDays;
        if (State.Status == PolicyStatuses.Cancelled && Today > cancellation.EffectiveDate.AddDays(window))
        {
            return Refuse("business_rule_violation",
                $"The reinstatement window closed {window} days after the cancellation took effect ({cancellation.EffectiveDate.AddDays(window):yyyy-MM-dd})");
        }
        if (Today >= Expiration)
        {
            return Refuse("business_rule_violation", "The policy term has ended; it cannot be reinstated");
        }
        // Reinstating restores cover from the cancellation date: no gap, and the returned premium is charged back.
        State.WrittenPremium += cancellation.Calculation.ReturnPremium;
        State.WrittenTaxes += cancellation.Calculation.ReturnTaxes;
        State.Cancellation = null;
        State.Status = Today >= Effective ? PolicyStatuses.Active : PolicyStatuses.Bound;
        Record("reinstate", by, cancellation.EffectiveDate, cancellation.Calculation.ReturnPremium, cancellation.Calculation.ReturnTaxes, reason, null);
        await CommitAimed(Event("policy.reinstated"));
        return new PolicyOutcome(ToInfo(), null);
    }

    public async Task<PolicyOutcome> Renew(Actor by, long? expectedVersion)
    {
        if (Refusal(PolicyAction.Renew, expectedVersion) is { } refused)
        {
            return refused;
        }
        if (State.RenewedToPolicyId is { } renewal)
        {
            return Refuse("business_rule_violation", $"The policy was already renewed as {renewal}");
        }
        if (!(Offer() is { } offer))
        {
            return Refuse("business_rule_violation", "The renewal cannot be rated on the live plan; re-submit instead");
        }
        var plan = catalog.Find(Current.Rating.ProductCode)!;
        if (State.PendingRenewalId is null)
        {
            State.PendingRenewalNumber = await PolicyNumbers.Allocate(GrainFactory, Tenant, plan.PolicyNumberPrefix, offer.EffectiveDate.Year);
            State.PendingRenewalId = Ids.New("pol", Time);
            await Save();
        }
        var application = Current.Application with { EffectiveDate = offer.EffectiveDate, ExpirationDate = offer.ExpirationDate };
        var installments = InstallmentSchedule.Build(State.Terms!.InstallmentPlan, offer.EffectiveDate, offer.Rating.TotalDue, offer.Rating.Fees);
        var renewed = await GrainFactory.GetGrain<IPolicyGrain>(Tenant.KeyFor(State.PendingRenewalId)).Issue(new NewPolicy(
            State.PendingRenewalNumber!, State.Terms.SubmissionId, Ids.New("quo", Time), application, offer.ExpirationDate, offer.Rating,
            State.Terms.InstallmentPlan, installments, by, EntityId));
        State.RenewedToPolicyId = renewed.Id;
        Record("renew", by, offer.EffectiveDate, 0m, 0m, null, renewed.Id);
        await CommitAimed(Event("policy.renewed"));
        return new PolicyOutcome(ToInfo(), null, null, renewed);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await ProcessDue();

    Task IPolicyGrain.ProcessDue() => ProcessDue();

    /// <summary>Applies every transition the clock has made due, in order, each once; then re-aims the reminder.</summary>
    private async Task ProcessDue()
    {
        if (!Persisted.RecordExists)
        {
            return;
        }
        while (true)
        {
            var today = Today;
            if (State.Status == PolicyStatuses.Bound && today >= Effective)
            {
                State.Status = PolicyStatuses.Active;
                Record("activate", Actor.System, Effective, 0m, 0m, null, null);
                await CommitAimed(Event("policy.activated"));
            }
            else if (State.Status == PolicyStatuses.PendingCancellation && today >= State.Cancellation!.EffectiveDate)
            {
                State.Status = PolicyStatuses.Cancelled;
                State.Cancellation = State.Cancellation with { Completed = true };
                await CommitAimed(Event("policy.cancelled"));
            }
            else if (State.Status is PolicyStatuses.Active or PolicyStatuses.Bound && State.RenewalOffer is null
                && State.RenewedToPolicyId is null && today >= OfferDate && Offer() is { } offer)
            {
                State.RenewalOffer = offer;
                await CommitAimed(Event("policy.renewal_offered"));
            }
            else if (State.Status == PolicyStatuses.Active && today >= Expiration)
            {
                State.Status = PolicyStatuses.Expired;
                Record("expire", Actor.System, Expiration, 0m, 0m, null, State.RenewedToPolicyId);
                await CommitAimed(Event("policy.expired"));
            }
            else
            {
                break;
            }
        }
        // Nothing changed, but the reminder may not be where the state says (a first activation after an upgrade).
        if (await AimReminder())
        {
            await Save();
        }
    }

    private DateOnly OfferDate => Expiration.AddDays(-options.Policies.RenewalOfferDays);

    /// <summary>The next moment the clock will change something, or null when nothing is left to wait for.</summary>
    private DateOnly? NextDue() => State.Status switch
    {
        PolicyStatuses.Bound => Effective,
        PolicyStatuses.PendingCancellation => State.Cancellation!.EffectiveDate,
        PolicyStatuses.Active when State.RenewalOffer is null && State.RenewedToPolicyId is null && OfferDate > Today => OfferDate,
        PolicyStatuses.Active => Expiration,
        _ => null,
    };

    /// <summary>Aims the lifecycle reminder, then persists the state (with where the reminder is aimed) and its event.</summary>
    private async Task CommitAimed(DomainEvent domainEvent)
    {
        await AimReminder();
        await Commit(domainEvent);
    }

    /// <summary>
    /// Points the lifecycle reminder at the next due moment (or removes it) when that moved; true when it did.
    /// The caller's next write stores <see cref="PolicyState.ReminderDueAt"/>, so re-aiming costs no write of its own.
    /// </summary>
    private async Task<bool> AimReminder()
    {
        DateTimeOffset? due = NextDue() is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        if (due == State.ReminderDueAt)
        {
            return false;
        }
        if (due is { } at)
        {
            var wait = at - Time.GetUtcNow();
            await this.RegisterOrUpdateReminder(LifecycleReminder, wait < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait, ReminderPeriod);
        }
        else if (await this.GetReminder(LifecycleReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        State.ReminderDueAt = due;
        return true;
    }

    /// <summary>The next term on the live plan, or null when the current terms no longer rate on it.</summary>
    private RenewalOffer? Offer()
    {
        if (State.RenewalOffer is { } existing)
        {
            return existing;
        }
        var plan = catalog.Find(Current.Rating.ProductCode);
        if (plan is null)
        {
            return null;
        }
        var expiration = Expiration.AddMonths(plan.TermMonths);
        var application = Current.Application with { EffectiveDate = Expiration, ExpirationDate = expiration };
        return RatingEngine.Validate(plan, application.ToRating()).Count > 0
            ? null
            : new RenewalOffer(Expiration, expiration, RatingEngine.Rate(plan, application.ToRating()), Time.GetUtcNow());
    }

    /// <summary>Why a change cannot go ahead: no policy, a stale ETag, or a transition the state machine does not allow.</summary>
    private PolicyOutcome? Refusal(PolicyAction action, long? expectedVersion)
    {
        if (!Persisted.RecordExists)
        {
            return PolicyOutcome.NotFound;
        }
        if (expectedVersion is { } expected && expected != State.Version)
        {
            return new PolicyOutcome(null, new RuleViolation("conflict",
                $"The policy changed since ETag \"{expected}\" (now \"{State.Version}\"); read it again",
                new Dictionary<string, string> { ["etag"] = $"\"{State.Version}\"" }));
        }
        if (PolicyLifecycle.Next(State.Status, action) is null)
        {
            var to = PolicyLifecycle.Target(action);
            return new PolicyOutcome(null, new RuleViolation("invalid_state_transition",
                $"A {State.Status} policy cannot be {to}",
                new Dictionary<string, string> { ["from"] = State.Status, ["to"] = to }));
        }
        return null;
    }

    private static PolicyOutcome Refuse(string code, string message, string? field = null, string? rule = null) =>
        new(null, new RuleViolation(code, message, field is null ? null : new Dictionary<string, string> { ["field"] = field, ["rule"] = rule ?? "business_rule" }));

    private void Record(string type, Actor by, DateOnly effectiveDate, decimal premium, decimal taxes, string? reason, string? related, decimal fees = 0m)
    {
        State.UpdatedAt = Time.GetUtcNow();
        State.Timeline.Add(new PolicyTransaction(type, State.UpdatedAt, by, effectiveDate, premium, taxes, Current.Number, reason, related, fees));
    }

    private DomainEvent Event(string type)
    {
        State.UpdatedAt = Time.GetUtcNow();
        // The ETag the event shows is the one the commit is about to write.
        return NewEvent(type, ToInfo(etag: State.Version + 1).ToResource());
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var application = Current.Application;
            var tags = new Dictionary<string, string>
            {
                ["status"] = State.Status,
                ["lineOfBusiness"] = application.ProductCode,
                ["policyNumber"] = State.Terms!.PolicyNumber,
                ["effectiveDate"] = Effective.ToString("yyyy-MM-dd"),
            };
            if (application.PolicyholderId is { } holder)
            {
                tags["policyholderId"] = holder;
            }
            if (application.ProducerId is { } producer)
            {
                tags["producerId"] = producer;
            }
            yield return Summary(QueryKinds.Policy, State.CreatedAt, tags, ToInfo());
        }
    }

    private PolicyInfo ToInfo(PolicyVersion? version = null, long? etag = null)
    {
        var terms = State.Terms!;
        var shown = version ?? Current;
        return new PolicyInfo(EntityId, terms.PolicyNumber, State.Status, terms.SubmissionId, terms.QuoteId, shown.Application,
            Effective, Expiration, shown.Rating, terms.InstallmentPlan, terms.Installments, State.CreatedAt, terms.BoundBy, State.UpdatedAt,
            etag ?? State.Version, shown.Number, State.WrittenPremium, State.Cancellation, State.RenewalOffer, terms.RenewalOfPolicyId,
            State.RenewedToPolicyId, State.WrittenTaxes, State.WrittenFees);
    }
}

[GenerateSerializer, Alias("insure.PolicyNumberSequenceState")]
public sealed class PolicyNumberSequenceState
{
    [Id(0)] public long Last { get; set; }
}

public static class PolicyNumbers
{
    /// <summary>The next policy number of a product in a tenant and year, such as `GL-2026-000142`.</summary>
    public static async Task<string> Allocate(IGrainFactory grains, Tenant tenant, string prefix, int year)
    {
        var next = await grains.GetGrain<IPolicyNumberSequenceGrain>($"{tenant.KeyFor(prefix)}/{year}").Next();
        return $"{prefix}-{year}-{next:D6}";
    }
}

/// <summary>The counter is persisted before a number is handed out, so a number is never given twice.</summary>
internal sealed class PolicyNumberSequenceGrain(
    [PersistentState("policyNumberSequence", Names.Storage)] IPersistentState<PolicyNumberSequenceState> state)
    : Grain, IPolicyNumberSequenceGrain
{
    public async Task<long> Next()
    {
        state.State.Last++;
        await state.WriteStateAsync();
        return state.State.Last;
    }
}
