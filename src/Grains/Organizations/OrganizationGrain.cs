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
    [Id(8)] public string Status { get; set; } = OrganizationStatuses.Active;
    /// <summary>The keys that count against the cap of live keys per environment; expired ones are pruned on the next reservation.</summary>
    [Id(9)] public List<LiveKey> LiveKeys { get; set; } = [];

    [GenerateSerializer, Alias("insure.OrganizationState.LiveKey")]
    public sealed record LiveKey([property: Id(0)] string Environment, [property: Id(1)] string KeyId, [property: Id(2)] DateTimeOffset? ExpiresAt);
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
        State.Status = update.Status ?? State.Status;
        State.UpdatedAt = time.GetUtcNow();
        await Commit();
        return ToInfo();
    }

    public async Task<ApiKeyReservation> ReserveApiKey(string environment, string keyId, DateTimeOffset? expiresAt, int maxLive)
    {
        if (!Persisted.RecordExists)
        {
            return new ApiKeyReservation(ApiKeyReservationOutcome.NoOrganization, 0);
        }
        var now = time.GetUtcNow();
        var outcome = OrganizationRules.Reserve(State, environment, now, maxLive);
        if (outcome == ApiKeyReservationOutcome.Reserved)
        {
            State.LiveKeys.RemoveAll(k => !OrganizationRules.IsLive(k, now));
            State.LiveKeys.Add(new OrganizationState.LiveKey(environment, keyId, expiresAt));
            await Save();
        }
        return new ApiKeyReservation(outcome, OrganizationRules.LiveKeys(State.LiveKeys, environment, now));
    }

    public async Task ReleaseApiKey(string environment, string keyId)
    {
        if (State.LiveKeys.RemoveAll(k => k.Environment == environment && k.KeyId == keyId) > 0)
        {
            await Save();
        }
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
        new(Id, State.Name, State.Tier, State.LiveApproved, State.CreatedAt, State.CreatedBy!, State.UpdatedAt, State.Status);
}
