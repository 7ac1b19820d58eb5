using System.Globalization;
using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Policies;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Insure.Grains.Underwriting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Submissions;

[GenerateSerializer, Alias("insure.SubmissionState")]
public sealed class SubmissionState : IOutboxState
{
    [Id(0)] public SubmissionApplication? Application { get; set; }
    [Id(1)] public string Status { get; set; } = SubmissionStatuses.Submitted;
    [Id(2)] public QuoteInfo? Quote { get; set; }
    [Id(3)] public string? PolicyId { get; set; }
    /// <summary>Set before the policy is issued, so a bind retried after a failure issues the same policy.</summary>
    [Id(4)] public string? PendingPolicyId { get; set; }
    [Id(5)] public string? PendingPolicyNumber { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public Actor? CreatedBy { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public long Version { get; set; }
    [Id(10)] public List<DomainEvent> Outbox { get; set; } = [];
}

internal sealed class SubmissionGrain(
    [PersistentState("submission", Names.Storage)] IPersistentState<SubmissionState> state,
    IQueryStore queries,
    ProductCatalog catalog,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    ILogger<SubmissionGrain> logger)
    : TenantGrain<SubmissionState>(state, queries, time, logger), ISubmissionGrain
{
    public static readonly TimeSpan QuoteValidity = TimeSpan.FromDays(30);
    public async Task<SubmissionInfo> Create(SubmissionApplication application, Actor createdBy)
    {
        if (Persisted.RecordExists)
        {
            throw new InvalidOperationException($"Submission {EntityId} already exists.");
        }
        _ = Plan(application.ProductCode);
        State.Application = application;
        State.CreatedAt = State.UpdatedAt = Time.GetUtcNow();
        State.CreatedBy = createdBy;
        var info = ToInfo();
        await Commit(NewEvent("submission.created", info.ToResource(State.CreatedAt)));
        return info;
    }

    public Task<SubmissionInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public async Task<SubmissionOutcome> Quote(Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return new SubmissionOutcome(null, null);
        }
        if (State.Status == SubmissionStatuses.Bound)
        {
            return Refuse(Transition(SubmissionStatuses.Bound, SubmissionStatuses.Quoted, "The submission is already bound"));
        }
        var plan = Plan(State.Application!.ProductCode);
        if (RatingEngine.Validate(plan, State.Application.ToRating()).FirstOrDefault() is { } issue)
        {
            return Refuse(new RuleViolation("business_rule_violation",
                $"The application no longer fits {plan.Code} plan {plan.Version}: {issue.Message}",
                new Dictionary<string, string> { ["field"] = issue.Field, ["rule"] = issue.Rule }));
        }
        // A referral can still be quoted (an indicative price for the underwriter); only binding waits for it.
        var readiness = Triage.Assess(plan, State.Application);
        if (readiness.Verdict == ReadinessVerdicts.Declined)
        {
            return Refuse(new RuleViolation("business_rule_violation",
                $"Cannot quote: declined ({string.Join("; ", readiness.Reasons)})",
                new Dictionary<string, string> { ["verdict"] = readiness.Verdict }));
        }
        var now = Time.GetUtcNow();
        State.Quote = new QuoteInfo(Ids.New("quo", Time), RatingEngine.Rate(plan, State.Application.ToRating()), now, now + QuoteValidity);
        State.Status = SubmissionStatuses.Quoted;
        State.UpdatedAt = now;
        var info = ToInfo();
        await Commit(NewEvent("submission.quoted", info.ToResource(now)));
        return new SubmissionOutcome(info, null);
    }

    public async Task<BindOutcome> Bind(string installmentPlan, Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return new BindOutcome(null, null);
        }
        if (State.Status == SubmissionStatuses.Bound)
        {
            return new BindOutcome(null, Transition(SubmissionStatuses.Bound, SubmissionStatuses.Bound, $"The submission is already bound to policy {State.PolicyId}"));
        }
        if (State.Quote is not { } quote)
        {
            return new BindOutcome(null, Transition(State.Status, SubmissionStatuses.Bound, "Quote the submission before binding it"));
        }
        var now = Time.GetUtcNow();
        if (quote.ExpiresAt <= now && State.PendingPolicyId is null)
        {
            return new BindOutcome(null, new RuleViolation("business_rule_violation",
                $"Quote {quote.Id} expired on {quote.ExpiresAt:yyyy-MM-dd}; quote again before binding",
                new Dictionary<string, string> { ["quoteId"] = quote.Id, ["expiresAt"] = quote.ExpiresAt.ToString("O", CultureInfo.InvariantCulture) }));
        }
        var application = State.Application!;
        var plan = Plan(application.ProductCode);
        var readiness = Triage.Assess(plan, application);
        if (State.PendingPolicyId is null && readiness.Verdict is ReadinessVerdicts.Declined or ReadinessVerdicts.ReferralRequired)
        {
            return new BindOutcome(null, new RuleViolation("business_rule_violation",
                $"Cannot bind: {(readiness.Verdict == ReadinessVerdicts.Declined ? "declined" : "an underwriter referral is required first")} ({string.Join("; ", readiness.Reasons)})",
                new Dictionary<string, string> { ["verdict"] = readiness.Verdict }));
        }
        var expiration = application.ExpirationDate ?? application.EffectiveDate.AddMonths(plan.TermMonths);
        var installments = InstallmentSchedule.Build(installmentPlan, application.EffectiveDate, quote.Rating.TotalDue, quote.Rating.Fees);
        if (installments[^1].DueDate >= expiration)
        {
            return new BindOutcome(null, new RuleViolation("business_rule_violation",
                $"{installmentPlan} has an installment due {installments[^1].DueDate:yyyy-MM-dd}, after the policy expires on {expiration:yyyy-MM-dd}; choose a plan with fewer installments",
                new Dictionary<string, string> { ["field"] = "installmentPlan", ["rule"] = "fits_term" }));
        }
        if (State.PendingPolicyId is null)
        {
            State.PendingPolicyNumber = await PolicyNumbers.Allocate(GrainFactory, Tenant, plan.PolicyNumberPrefix, application.EffectiveDate.Year);
            State.PendingPolicyId = Ids.New("pol", Time);
            await Save();
        }
        var policy = await GrainFactory.GetGrain<IPolicyGrain>(Tenant.KeyFor(State.PendingPolicyId)).Issue(new NewPolicy(
            State.PendingPolicyNumber!, EntityId, quote.Id, application, expiration, quote.Rating, installmentPlan, installments, by));

        State.Status = SubmissionStatuses.Bound;
        State.PolicyId = policy.Id;
        State.UpdatedAt = now;
        await Commit(NewEvent("submission.bound", ToInfo().ToResource(now)));
        return new BindOutcome(policy, null);
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string>
            {
                ["status"] = State.Status,
                ["lineOfBusiness"] = State.Application!.ProductCode,
            };
            if (State.Application.ProducerId is { } producer)
            {
                tags["producerId"] = producer;
            }
            yield return Summary(QueryKinds.Submission, State.CreatedAt, tags, ToInfo());
        }
    }

    private RatingPlan Plan(string code) =>
        catalog.Find(code) ?? throw new InvalidOperationException($"Product {code} is not in the catalog.");

    private SubmissionOutcome Refuse(RuleViolation violation) => new(null, violation);

    private static RuleViolation Transition(string from, string to, string message) =>
        new("invalid_state_transition", message, new Dictionary<string, string> { ["from"] = from, ["to"] = to });

    private SubmissionInfo ToInfo() => new(
        EntityId, State.Status, State.Application!, Triage.Assess(Plan(State.Application!.ProductCode), State.Application),
        State.Quote, State.PolicyId, State.CreatedAt, State.CreatedBy!, State.UpdatedAt);
}
