using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Ledger;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Claims;

/// <summary>A claim's lifecycle: load, decide (<see cref="ClaimRules"/>), apply, commit.</summary>
internal sealed class ClaimGrain(
    [PersistentState("claim", Names.Storage)] IPersistentState<ClaimState> state,
    IQueryStore queries,
    InsureOptions options,
    TenantClocks clocks,
    ILogger<ClaimGrain> logger)
    : TenantGrain<ClaimState>(state, queries, clocks, logger), IClaimGrain
{
    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public async Task<Outcome<ClaimInfo>> File(NewClaim claim)
    {
        if (Persisted.RecordExists)
        {
            return ToInfo();
        }
        // The policy resolves only within this claim's tenant: another tenant's policy id is simply not found.
        var policyGrain = Grains.Find<IPolicyGrain>(IdPrefixes.Policy, claim.PolicyId);
        var policy = policyGrain is null ? null : await policyGrain.GetAsOf(claim.DateOfLoss);
        if (policy is null)
        {
            return new RuleViolation(ErrorCodes.NotFound, "Policy not found", new Dictionary<string, string> { ["field"] = "policyId" });
        }
        if (ClaimRules.Coverage(claim, policy, Today) is { } refused)
        {
            return refused;
        }
        // The number is taken only once the claim is covered, so refusals leave no gaps in the sequence.
        var number = await ClaimNumbers.Allocate(GrainFactory, Tenant, Today.Year);
        State.AgencyId = policy.Application.AgencyId;
        await Decided(ClaimRules.File(claim, policy, number, Time.GetUtcNow()));
        return ToInfo();
    }

    public Task<ClaimInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public Task<Outcome<ClaimInfo>> Investigate(string adjusterId, string? notes, Actor by) =>
        Change(() => ClaimRules.Investigate(State, adjusterId, notes, by, Time.GetUtcNow()));

    public Task<Outcome<ClaimInfo>> SetReserve(ReserveChange change) => Change(() => ClaimRules.SetReserve(State, change, Time.GetUtcNow()));

    public Task<Outcome<ClaimInfo>> Settle(ClaimSettlement settlement) => Change(() => ClaimRules.Settle(State, settlement, Time.GetUtcNow()));

    public Task<Outcome<ClaimInfo>> Deny(string reason, Actor by) => Change(() => ClaimRules.Deny(State, reason, by, Time.GetUtcNow()));

    public Task<Outcome<ClaimInfo>> Close(string reason, Actor by) => Change(() => ClaimRules.Close(State, reason, by, Time.GetUtcNow()));

    public Task<Outcome<ClaimInfo>> Reopen(string reason, Actor by) =>
        Change(() => ClaimRules.Reopen(State, reason, by, options.Claims, Today, Time.GetUtcNow()));

    public Task<Outcome<ClaimInfo>> SetLitigation(bool litigation, Actor by) =>
        Change(() => ClaimRules.SetLitigation(State, litigation, by, Time.GetUtcNow()));

    public async Task<Outcome<ClaimAttachment>> AddAttachment(ClaimAttachment attachment)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<ClaimAttachment>.NotFound;
        }
        var decision = ClaimRules.AddAttachment(State, attachment);
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        await Decided(decision.Facts!);
        return attachment;
    }

    public Task<ClaimAttachment[]?> Attachments() =>
        Task.FromResult(Persisted.RecordExists ? State.Attachments.AsEnumerable().Reverse().ToArray() : null);

    /// <summary>Decides a change; applies and commits it when allowed.</summary>
    private async Task<Outcome<ClaimInfo>> Change(Func<Decision<ClaimChange>> decide)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<ClaimInfo>.NotFound;
        }
        var decision = decide();
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        await Decided(decision.Facts!);
        return ToInfo();
    }

    private async Task Decided(ClaimChange change)
    {
        ClaimRules.Apply(State, change);
        await Commit(() => [NewEvent(change.EventType, ToInfo())]);
    }

    protected override IReadOnlyList<QueryRecord> Postings() =>
        State.Notice is null ? [] : LedgerRecords.For(Tenant, State.Notice.PolicyId, EntityId, State.PendingLedger).ToList();

    protected override void Posted() => State.PendingLedger.Clear();

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string>
            {
                ["status"] = State.Status,
                ["policyId"] = State.Notice!.PolicyId,
                ["litigation"] = State.Litigation ? "true" : "false",
            };
            if (State.AdjusterId is { } adjuster)
            {
                tags["adjusterId"] = adjuster;
            }
            if (State.AgencyId is { } agency)
            {
                tags["agencyId"] = agency;
            }
            yield return Summary(QueryKinds.Claim, State.CreatedAt, tags, ToInfo()) with { Contribution = ClaimRules.PolicyTotals(State) };
        }
    }

    private ClaimInfo ToInfo()
    {
        var notice = State.Notice!;
        return new ClaimInfo(EntityId, State.ClaimNumber, State.Status, notice.PolicyId, State.PolicyNumber, State.PolicyVersion,
            State.PerOccurrenceLimit, State.Deductible, State.Currency, notice.DateOfLoss, notice.Description, notice.Claimant,
            notice.LossLocation, notice.EstimatedAmount, notice.ReportedBy, State.AdjusterId, State.Litigation, State.IndemnityReserve,
            State.ExpenseReserve, [.. State.ReserveHistory], [.. State.Payments], [.. State.Transitions], State.CreatedAt, notice.By,
            State.UpdatedAt, State.ClosedAt, State.Version, State.AgencyId);
    }
}
