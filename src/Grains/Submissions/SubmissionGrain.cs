using Insure.Grains.Events;
using Insure.Grains.Policies;
using Insure.Grains.Policyholders;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Insure.Grains.Storage;
using Insure.Grains.Referrals;
using Insure.Grains.Underwriting;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Submissions;

/// <summary>An application for cover: load, decide (<see cref="SubmissionRules"/>), apply, commit.</summary>
internal sealed class SubmissionGrain(
    [PersistentState("submission", Names.Storage)] IPersistentState<SubmissionState> state,
    IQueryStore queries,
    ProductCatalog catalog,
    TenantClocks clocks,
    FreshGrains fresh,
    ILogger<SubmissionGrain> logger)
    : TenantGrain<SubmissionState>(state, queries, clocks, logger), ISubmissionGrain
{
    public async Task<Outcome<SubmissionInfo>> Create(SubmissionDraft draft, Actor createdBy)
    {
        if (Persisted.RecordExists)
        {
            // Ids are made by the Api: an existing one is an earlier attempt of the same request (see RequestIds).
            return ToInfo();
        }
        var now = Time.GetUtcNow();
        var decision = SubmissionRules.Application(draft, catalog, DateOnly.FromDateTime(now.UtcDateTime));
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        if (draft.PolicyholderId is { } holder
            && (Grains.Find<IPolicyholderGrain>(IdPrefixes.Policyholder, holder) is not { } policyholder
                || await policyholder.Get() is not { } named || !PolicyholderRules.SeenBy(named, createdBy)))
        {
            return RuleViolation.Invalid("policyholderId", "not_found", $"There is no policyholder {holder}");
        }
        string? agencyId = null;
        if (draft.ProducerId is { } producerId)
        {
            if (Grains.Find<IProducerGrain>(IdPrefixes.Producer, producerId) is not { } producer || await producer.Get() is not { } found)
            {
                return RuleViolation.Invalid("producerId", "not_found", $"There is no producer {producerId}");
            }
            agencyId = found.Type == ProducerTypes.Agency ? found.Id : found.AgencyId;
        }
        State.Application = decision.Facts! with { AgencyId = agencyId };
        State.Status = SubmissionLifecycle.Initial;
        State.CreatedAt = State.UpdatedAt = now;
        State.CreatedBy = createdBy;
        await Commit(() => [NewEvent("submission.created", ToInfo())]);
        return ToInfo();
    }

    public Task<SubmissionInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public Task<Leased<SubmissionInfo>> Lease(IReadLeaseHolder holder) => Task.FromResult(LeaseOf(Persisted.RecordExists ? ToInfo() : null, holder));

    public async Task<Outcome<SubmissionInfo>> Quote(Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<SubmissionInfo>.NotFound;
        }
        var findings = await ProducerFindings();
        var now = Time.GetUtcNow();
        var decision = SubmissionRules.Quote(State, Plan(), Ids.New(IdPrefixes.Quote, Time), now, findings);
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        State.Quote = decision.Facts;
        SubmissionRules.Move(State, SubmissionAction.Quote, now);
        await Commit(() => [NewEvent("submission.quoted", ToInfo())]);
        return ToInfo();
    }

    public async Task<Outcome<PolicyInfo>> Bind(string installmentPlan, Actor by, string? requestKey = null)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<PolicyInfo>.NotFound;
        }
        if (requestKey is not null && State.BoundByRequest == requestKey && State.PolicyId is { } bound
            && await Grains.Get<IPolicyGrain>(bound).Get() is { } issued)
        {
            // A retry of the very request that bound it (its first answer was lost): the same policy, not a refusal.
            return issued;
        }
        var now = Time.GetUtcNow();
        var plan = Plan();
        // A bind already under way was allowed when it began (its rule skips the check), so the producer is not asked again.
        var findings = State.PendingPolicyId is null ? await ProducerFindings() : [];
        var decision = SubmissionRules.Bind(State, installmentPlan, plan, now, findings);
        if (decision.Violation is { } violation)
        {
            ReferralStandings.WakeOpen(Grains, State.Referrals);
            return violation;
        }
        var terms = decision.Facts!;
        var application = State.Application!;
        // The number and id are stored before the policy is issued, so a bind retried after a failure issues the same policy.
        var minted = default(FreshGrains.Marks);
        if (State.PendingPolicyId is null)
        {
            State.PendingPolicyNumber = await PolicyNumbers.Allocate(GrainFactory, Tenant, plan.PolicyNumberPrefix, application.EffectiveDate.Year);
            State.PendingPolicyId = Ids.New(IdPrefixes.Policy, Time);
            await Save();
            // Stored, and not called yet: the new policy's first activation need not look for a stored state.
            minted = fresh.Mark(Grains.Get<IPolicyGrain>(State.PendingPolicyId).GetGrainId());
        }
        var quote = State.Quote!;
        PolicyInfo policy;
        using (minted)
        {
            policy = await Grains.Get<IPolicyGrain>(State.PendingPolicyId).Issue(new NewPolicy(
                State.PendingPolicyNumber!, EntityId, quote.Id, application, terms.ExpirationDate, quote.Rating, installmentPlan, terms.Installments, by));
        }
        State.PolicyId = policy.Id;
        State.BoundByRequest = requestKey;
        SubmissionRules.Move(State, SubmissionAction.Bind, now);
        await Commit(() => [NewEvent("submission.bound", ToInfo())]);
        return policy;
    }

    public async Task ApplyReferral(ReferralNotice notice)
    {
        if (!Exists())
        {
            return;
        }
        var effect = SubmissionRules.Referral(State, notice);
        if (effect == SubmissionReferralEffect.None)
        {
            return;
        }
        ReferralStandings.Record(State.Referrals, notice);
        if (effect == SubmissionReferralEffect.Decline)
        {
            SubmissionRules.Move(State, SubmissionAction.Decline, Time.GetUtcNow());
            await Commit(() => [NewEvent("submission.declined", ToInfo())]);
            return;
        }
        if (notice.Status == ReferralStatuses.Rejected)
        {
            logger.LogInformation("Referral {Referral} was rejected after submission {Submission} became {Status}; its status stays",
                notice.ReferralId, EntityId, State.Status);
        }
        await Save();
    }

    /// <summary>
    /// What the submission's producer (with its agency) lacks to place the risk in its state, for its line, on its
    /// effective date; empty without a producer. The producer is asked, never the reverse, so the two cannot deadlock.
    /// </summary>
    private async Task<IReadOnlyList<string>> ProducerFindings()
    {
        var application = State.Application!;
        if (application.ProducerId is not { } producerId)
        {
            return [];
        }
        if (SubmissionRules.ProducerUncheckable(application) is { } uncheckable)
        {
            return [uncheckable];
        }
        var authority = await Grains.Get<IProducerGrain>(producerId).Authority(application.Inputs["state"], application.ProductCode, application.EffectiveDate);
        return authority.Missing;
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
            if (State.Application.AgencyId is { } agency)
            {
                tags["agencyId"] = agency;
            }
            yield return Summary(QueryKinds.Submission, State.CreatedAt, tags, ToInfo());
        }
    }

    private RatingPlan Plan() => catalog.Find(State.Application!.ProductCode)
        ?? throw new InvalidOperationException($"Product {State.Application!.ProductCode} is not in the catalog.");

    private SubmissionInfo ToInfo() => new(
        EntityId, State.Status, State.Application!, Triage.Assess(Plan(), State.Application!),
        State.Quote, State.PolicyId, State.CreatedAt, State.CreatedBy!, State.UpdatedAt);
}
