using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace Insure.Grains.Events;

/// <summary>State that records its domain events in the same write as the change that caused them.</summary>
public interface IOutboxState
{
    /// <summary>Bumped on every committed change; orders query-store writes so a retry never regresses a summary.</summary>
    long Version { get; set; }

    /// <summary>Events persisted with the state and not yet known to be dispatched.</summary>
    List<DomainEvent> Outbox { get; }
}

/// <summary>
/// A grain whose every change is written together with its events (the outbox), then dispatched: the summary
/// and the events go to the query store and the events to the tenant's stream. Dispatch is at-least-once: it
/// is retried on a timer after a failure and again on the next activation, and receivers de-duplicate on `evt_` ids.
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state, IQueryStore queries, ILogger logger) : Grain
    where TState : class, IOutboxState, new()
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);
    private IGrainTimer? _retry;
    /// <summary>Events were dispatched since the last write, so the stored outbox still lists them.</summary>
    private bool _storedOutboxStale;

    protected IPersistentState<TState> Persisted => state;
    protected TState State => state.State;

    /// <summary>The query-store records that summarize the current state (empty while there is nothing to list).</summary>
    protected abstract IEnumerable<QueryRecord> Summaries();

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        State.Outbox.Count > 0 ? Dispatch() : Task.CompletedTask;

    /// <summary>Persists the current state with <paramref name="events"/>, then dispatches them.</summary>
    protected async Task Commit(params DomainEvent[] events)
    {
        State.Version++;
        State.Outbox.AddRange(events);
        await Save();
        await Dispatch();
    }

    /// <summary>
    /// Writes the state. If the write fails, the activation holds changes the store does not have: it is dropped,
    /// so the next call reloads what was stored, and the failure goes back to the caller.
    /// </summary>
    protected async Task Save()
    {
        try
        {
            await state.WriteStateAsync();
            _storedOutboxStale = false;
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Best effort: store the emptied outbox, so a later activation does not send the same events again.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_storedOutboxStale && State.Outbox.Count == 0)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Could not store the emptied outbox of {Grain}; its events may be sent again", this.GetGrainId());
            }
        }
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task Dispatch()
    {
        try
        {
            var pending = State.Outbox.ToList();
            var records = Summaries().Concat(pending.Select(EventRecords.ToRecord)).ToList();
            await queries.Upsert(records);
            foreach (var group in pending.GroupBy(e => new Tenant(e.OrgId, e.Environment).ToString()))
            {
                var stream = this.GetStreamProvider(Names.StreamProvider)
                    .GetStream<DomainEvent>(StreamId.Create(Names.EventStreamNamespace, group.Key));
                await stream.OnNextBatchAsync(group.ToList());
            }
            // Cleared in memory; stored by the next write or on deactivation. Until then a reactivation
            // dispatches these again, which at-least-once delivery allows.
            State.Outbox.RemoveAll(pending.Contains);
            _storedOutboxStale = pending.Count > 0;
            _retry?.Dispose();
            _retry = null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Dispatch of {Count} events from {Grain} failed; retrying in {Delay}", State.Outbox.Count, this.GetGrainId(), RetryEvery);
            _retry ??= this.RegisterGrainTimer(_ => Dispatch(), new GrainTimerCreationOptions(RetryEvery, RetryEvery));
        }
    }
}

/// <summary>
/// An outbox grain keyed `{orgId}/{environment}/{entityId}`: the key is split once on activation, and summaries
/// and events are stamped with the tenant.
/// </summary>
public abstract class TenantGrain<TState>(IPersistentState<TState> state, IQueryStore queries, TimeProvider time, ILogger logger)
    : OutboxGrain<TState>(state, queries, logger)
    where TState : class, IOutboxState, new()
{
    protected Tenant Tenant { get; private set; } = null!;
    protected string EntityId { get; private set; } = null!;

    /// <summary>The clock every rule of this grain reads.</summary>
    protected TimeProvider Time { get; } = time;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (Tenant, EntityId) = Tenant.ParseKey(this.GetPrimaryKeyString());
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>A domain event of this tenant whose data is <paramref name="data"/> as JSON.</summary>
    protected DomainEvent NewEvent<T>(string type, T data) => EventRecords.Create(Tenant, type, data, Time);

    /// <summary>This entity's query-store record, with <paramref name="document"/> as its JSON.</summary>
    protected QueryRecord Summary<T>(string kind, DateTimeOffset createdAt, Dictionary<string, string> tags, T document) =>
        new(kind, Tenant.ToString(), EntityId, createdAt, State.Version, tags, InsureJson.Serialize(document));
}
