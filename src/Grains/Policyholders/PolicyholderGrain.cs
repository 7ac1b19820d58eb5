using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Policyholders;

/// <summary>A person or company that holds policies: load, decide (<see cref="PolicyholderRules"/>), apply, commit.</summary>
internal sealed class PolicyholderGrain(
    [PersistentState("policyholder", Names.Storage)] IPersistentState<PolicyholderState> state,
    IQueryStore queries,
    TenantClocks clocks,
    ILogger<PolicyholderGrain> logger)
    : TenantGrain<PolicyholderState>(state, queries, clocks, logger), IPolicyholderGrain
{
    public async Task<Outcome<PolicyholderInfo>> Create(PolicyholderDetails details, Actor createdBy)
    {
        if (Persisted.RecordExists)
        {
            // Ids are made by the Api: an existing one is an earlier attempt of the same request (see RequestIds).
            return ToInfo();
        }
        if (PolicyholderRules.Check(details, Today) is { } violation)
        {
            return violation;
        }
        State.Details = details;
        State.CreatedAt = State.UpdatedAt = Time.GetUtcNow();
        State.CreatedBy = createdBy;
        await Commit(() => [NewEvent("policyholder.created", ToInfo())]);
        return ToInfo();
    }

    public Task<PolicyholderInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public async Task<Outcome<PolicyholderInfo>> Update(PolicyholderDetails patch, Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return Outcome<PolicyholderInfo>.NotFound;
        }
        var decision = PolicyholderRules.Update(State.Details!, patch, Today);
        if (decision.Violation is { } violation)
        {
            return violation;
        }
        State.Details = decision.Facts;
        State.UpdatedAt = Time.GetUtcNow();
        await Commit(() => [NewEvent("policyholder.updated", ToInfo())]);
        return ToInfo();
    }

    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string> { ["type"] = State.Details!.Type };
            if (State.Details.Email is { } email)
            {
                tags["email"] = email.ToLowerInvariant();
            }
            if (AgencyId is { } agency)
            {
                tags["agencyId"] = agency;
            }
            yield return Summary(QueryKinds.Policyholder, State.CreatedAt, tags, ToInfo());
        }
    }

    private PolicyholderInfo ToInfo() => new(EntityId, State.Details!, State.CreatedAt, State.UpdatedAt, State.CreatedBy!, AgencyId);

    /// <summary>
    /// The agency whose token created it, read from who created it (so one stored before agencies mattered has it too;
    /// its list row gains the tag with its next change).
    /// </summary>
    private string? AgencyId => State.CreatedBy is { } by ? PolicyholderRules.AgencyOf(by) : null;
}
