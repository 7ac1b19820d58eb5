using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Events;

/// <summary>
/// An outbox grain keyed `{orgId}/{environment}/{entityId}`: the key is split once on activation, and summaries
/// and events are stamped with the tenant.
/// </summary>
public abstract class TenantGrain<TState>(IPersistentState<TState> state, IQueryStore queries, TenantClocks clocks, ILogger logger)
    : OutboxGrain<TState>(state, queries, logger)
    where TState : class, IOutboxState, new()
{
    protected Tenant Tenant { get; private set; } = null!;
    protected string EntityId { get; private set; } = null!;

    /// <summary>The clock every rule of this grain reads: its tenant's.</summary>
    protected TimeProvider Time { get; private set; } = TimeProvider.System;

    /// <summary>Other grains of this grain's tenant.</summary>
    protected TenantGrains Grains => new(GrainFactory, Tenant);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (Tenant, EntityId) = Tenant.ParseKey(this.GetPrimaryKeyString());
        Time = clocks.For(Tenant.OrgId);
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// False for an id with nothing stored behind it, whose activation is then let go at once: otherwise every made-up id
    /// (say, from a flood of authentic-looking keys) would hold memory for the whole idle-collection age.
    /// </summary>
    protected bool Exists()
    {
        if (Persisted.RecordExists)
        {
            return true;
        }
        DeactivateOnIdle();
        return false;
    }

    /// <summary>A domain event of this tenant whose data is <paramref name="data"/> as JSON.</summary>
    protected DomainEvent NewEvent<T>(string type, T data) => EventRecords.Create(Tenant, type, data, Time);

    /// <summary>This entity's query-store record, with <paramref name="document"/> as its JSON.</summary>
    protected QueryRecord Summary<T>(string kind, DateTimeOffset createdAt, Dictionary<string, string> tags, T document) =>
        new(kind, Tenant.ToString(), EntityId, createdAt, State.Version, tags, InsureJson.Serialize(document));
}
