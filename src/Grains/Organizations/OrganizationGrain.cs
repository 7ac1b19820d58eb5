using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Organizations;

[GenerateSerializer, Alias("insure.OrganizationState")]
public sealed class OrganizationState : IOutboxState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Tier { get; set; } = OrganizationTiers.Standard;
    [Id(2)] public bool LiveApproved { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public Actor? CreatedBy { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public long Version { get; set; }
    [Id(7)] public List<DomainEvent> Outbox { get; set; } = [];
}

internal sealed class OrganizationGrain(
    [PersistentState("organization", Names.Storage)] IPersistentState<OrganizationState> state,
    IQueryStore queries,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    ILogger<OrganizationGrain> logger)
    : OutboxGrain<OrganizationState>(state, queries, logger), IOrganizationGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<OrganizationInfo> Create(string name, Actor createdBy)
    {
        if (Persisted.RecordExists)
        {
            throw new InvalidOperationException($"Organization {Id} already exists.");
        }
        var now = time.GetUtcNow();
        State.Name = name;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        State.CreatedBy = createdBy;
        await Commit();
        return ToInfo();
    }

    public Task<OrganizationInfo?> Get() => Task.FromResult(Persisted.RecordExists ? ToInfo() : null);

    public async Task<OrganizationInfo?> Update(OrganizationUpdate update)
    {
        if (!Persisted.RecordExists)
        {
            return null;
        }
        State.Tier = update.Tier ?? State.Tier;
        State.LiveApproved = update.LiveApproved ?? State.LiveApproved;
        State.Name = update.Name ?? State.Name;
        State.UpdatedAt = time.GetUtcNow();
        await Commit();
        return ToInfo();
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            yield return new QueryRecord(
                QueryKinds.Organization, QueryKinds.PlatformTenant, Id, State.CreatedAt, State.Version,
                new Dictionary<string, string> { ["tier"] = State.Tier }, InsureJson.Serialize(ToInfo()));
        }
    }

    private OrganizationInfo ToInfo() =>
        new(Id, State.Name, State.Tier, State.LiveApproved, State.CreatedAt, State.CreatedBy!, State.UpdatedAt);
}
