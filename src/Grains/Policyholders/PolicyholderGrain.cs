using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Policyholders;

[GenerateSerializer, Alias("insure.PolicyholderState")]
public sealed class PolicyholderState : IOutboxState
{
    [Id(0)] public PolicyholderDetails? Details { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(3)] public Actor? CreatedBy { get; set; }
    [Id(4)] public long Version { get; set; }
    [Id(5)] public List<DomainEvent> Outbox { get; set; } = [];
}

internal sealed class PolicyholderGrain(
    [PersistentState("policyholder", Names.Storage)] IPersistentState<PolicyholderState> state,
    IQueryStore queries,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    ILogger<PolicyholderGrain> logger)
    : TenantGrain<PolicyholderState>(state, queries, time, logger), IPolicyholderGrain
{
    public async Task<PolicyholderInfo> Create(PolicyholderDetails details, Actor createdBy)
    {
        if (Persisted.RecordExists)
        {
            throw new InvalidOperationException($"Policyholder {EntityId} already exists.");
        }
        State.Details = details;
        State.CreatedAt = State.UpdatedAt = Time.GetUtcNow();
        State.CreatedBy = createdBy;
        await Commit(NewEvent("policyholder.created", ToInfo().ToResource()));
        return ToInfo();
    }

    public Task<PolicyholderInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public async Task<PolicyholderOutcome> Update(PolicyholderDetails patch, Actor by)
    {
        if (!Persisted.RecordExists)
        {
            return new PolicyholderOutcome(null, null);
        }
        if (patch.Type.Length > 0 && patch.Type != State.Details!.Type)
        {
            return Refused(new ApplicationIssue("type", "immutable", "A policyholder's type cannot change"));
        }
        var details = PolicyholderRules.Merge(State.Details!, patch);
        if (PolicyholderRules.Check(details, DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime)) is { } issue)
        {
            return Refused(issue);
        }
        State.Details = details;
        State.UpdatedAt = Time.GetUtcNow();
        await Commit(NewEvent("policyholder.updated", ToInfo().ToResource()));
        return new PolicyholderOutcome(ToInfo(), null);
    }

    private static PolicyholderOutcome Refused(ApplicationIssue issue) => new(null, new RuleViolation(
        "validation_failed", issue.Message, new Dictionary<string, string> { ["field"] = issue.Field, ["rule"] = issue.Rule }));

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string> { ["type"] = State.Details!.Type };
            if (State.Details.Email is { } email)
            {
                tags["email"] = email.ToLowerInvariant();
            }
            yield return Summary(QueryKinds.Policyholder, State.CreatedAt, tags, ToInfo());
        }
    }

    private PolicyholderInfo ToInfo() => new(EntityId, State.Details!, State.CreatedAt, State.UpdatedAt, State.CreatedBy!);
}
