using System.Collections.Concurrent;
using System.Diagnostics;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Events;

/// <summary>
/// A grain whose every change is written together with its events (the outbox), then dispatched: the summary
/// and the events go to the query store and the events to the tenant's stream. Dispatch is at-least-once: it
/// is retried on a timer after a failure (which keeps the activation alive until it succeeds) and again on the next
/// activation, and receivers de-duplicate on `evt_` ids.
/// </summary>
public abstract class OutboxGrain<TState>(IPersistentState<TState> state, IQueryStore queries, ILogger logger) : Grain
    where TState : class, IOutboxState, new()
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);
    private IGrainTimer? _retry;
    /// <summary>Events were dispatched since the last write, so the stored outbox still lists them.</summary>
    private bool _storedOutboxStale;
    /// <summary>A write failed: the activation holds a change the store may not have, which it must not store on its way out.</summary>
    private bool _unsaved;
    private ReadLeaseList? _leases;
    private long _activatedAt;
    /// <summary>An earlier activation may have handed out leases this one does not know: its first change waits them out.</summary>
    private bool _outwaitEarlierLeases;
    private static readonly ConcurrentDictionary<Type, bool> LeaseGranting = new();

    protected IPersistentState<TState> Persisted => state;
    protected TState State => state.State;

    /// <summary>The query-store records that summarize the current state (empty while there is nothing to list).</summary>
    protected abstract IEnumerable<QueryRecord> Summaries();

    /// <summary>
    /// Records that wait in the state to be written once, with the summaries (ledger entries): stored with the change
    /// that made them, written at least once (their ids make repeats harmless), then dropped by <see cref="Posted"/>.
    /// </summary>
    protected virtual IReadOnlyList<QueryRecord> Postings() => [];

    /// <summary>Drops the records <see cref="Postings"/> returned, now that they are written (in memory; the next write stores that).</summary>
    protected virtual void Posted()
    {
    }

    /// <summary>The state holds instructions for other grains, stored with the change that raised them and not yet delivered.</summary>
    protected virtual bool HasInstructions => false;

    /// <summary>
    /// Delivers the pending instructions to the grains they are for, removing each once delivered (in memory; the next
    /// write stores that), and says whether it removed any. Delivery is at least once: receivers ignore repeats.
    /// </summary>
    protected virtual Task<bool> SendInstructions() => Task.FromResult(false);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = Stopwatch.GetTimestamp();
        _outwaitEarlierLeases = Persisted.RecordExists && ReadLease > TimeSpan.Zero && LeaseGranting.GetOrAdd(GetType(),
            type => type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ILeasedRead<>)));
        return State.Outbox.Count > 0 || HasInstructions || Postings().Count > 0 ? Dispatch() : Task.CompletedTask;
    }

    /// <summary>
    /// The one way a change is stored. The state already holds the change; this gives it the next version, then asks
    /// <paramref name="events"/> for the events it raises (built now, they show the version being written), writes state
    /// and events together, and dispatches the events.
    /// </summary>
    protected async Task Commit(Func<IEnumerable<DomainEvent>> events)
    {
        State.Version++;
        State.Outbox.AddRange(events());
        await Save();
        await Dispatch();
    }

    /// <summary><see cref="Commit(Func{IEnumerable{DomainEvent}})"/> for events that do not show the state's version.</summary>
    protected Task Commit(params DomainEvent[] events) => Commit(() => events);

    /// <summary>
    /// Writes the state. If the write fails, the activation holds changes the store does not have: it is dropped,
    /// so the next call reloads what was stored, and the failure goes back to the caller. Once it is written, every Api
    /// node holding a read lease on this entity drops its copy before the change answers.
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
            _unsaved = true;
            DeactivateOnIdle();
            throw;
        }
        if (_outwaitEarlierLeases)
        {
            // A silo that died holding this entity told no one: the leases it handed out run out within ReadLease of its
            // end, which came before this activation began.
            _outwaitEarlierLeases = false;
            var left = ReadLease - Stopwatch.GetElapsedTime(_activatedAt);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }
        if (_leases is { } leases)
        {
            await leases.Revoke(this.GetGrainId());
        }
    }

    private TimeSpan ReadLease => ServiceProvider.GetService<InsureOptions>()?.Orleans.ReadLease ?? TimeSpan.Zero;

    /// <summary>
    /// <paramref name="view"/> with a read lease for <paramref name="holder"/> (see <see cref="ILeasedRead{T}"/>): none for
    /// no view. Leases are kept by this activation only; a later one knows none, so this one ends them all when it goes.
    /// </summary>
    protected Leased<T> LeaseOf<T>(T? view, IReadLeaseHolder holder) where T : class =>
        new(view, view is null ? TimeSpan.Zero
            : (_leases ??= new ReadLeaseList(ReadLease)).Grant(holder));

    /// <summary>
    /// Best effort: store the emptied outbox, so a later activation does not send the same events again. Not when a
    /// memory-mode silo stops: its memory store stops with it (usually first, so the write could only fail), and should
    /// another silo of a memory-mode cluster activate the grain later, the events it sends again are ones receivers
    /// already de-duplicate on their `evt_` ids.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_leases is { } leases)
        {
            await leases.Revoke(this.GetGrainId());
        }
        if (_storedOutboxStale && !_unsaved && State.Outbox.Count == 0 && !HasInstructions && Postings().Count == 0
            && !(reason.ReasonCode == DeactivationReasonCode.ShuttingDown && ServiceProvider.GetService<InsureOptions>()?.Storage == StorageKind.Memory))
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
        if (_unsaved)
        {
            // The outbox may hold the events of the change whose write failed: the next activation dispatches what was stored.
            return;
        }
        try
        {
            var pending = State.Outbox.ToList();
            var postings = Postings();
            var records = Summaries().Concat(pending.Select(EventRecords.ToRecord)).Concat(postings).ToList();
            await queries.Upsert(records);
            if (postings.Count > 0)
            {
                Posted();
                _storedOutboxStale = true;
            }
            foreach (var group in pending.GroupBy(e => new Tenant(e.OrgId, e.Environment).ToString()))
            {
                var stream = this.GetStreamProvider(Names.StreamProvider)
                    .GetStream<DomainEvent>(StreamId.Create(Names.EventStreamNamespace, group.Key));
                await stream.OnNextBatchAsync(group.ToList());
            }
            // Cleared in memory; stored by the next write or on deactivation. Until then a reactivation
            // dispatches these again, which at-least-once delivery allows.
            State.Outbox.RemoveAll(pending.Contains);
            _storedOutboxStale |= pending.Count > 0;
            _storedOutboxStale |= await SendInstructions();
            _retry?.Dispose();
            _retry = null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Dispatch of {Count} events from {Grain} failed; retrying in {Delay}", State.Outbox.Count, this.GetGrainId(), RetryEvery);
            // Kept alive: an idle activation collected with its outbox undelivered would wait for something to call it.
            _retry ??= this.RegisterGrainTimer(_ => Dispatch(), new GrainTimerCreationOptions(RetryEvery, RetryEvery) { KeepAlive = true });
        }
    }
}
