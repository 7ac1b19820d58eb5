using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Insure.Grains.Webhooks;

/// <summary>
/// Turns a tenant's events into deliveries. Events arrive from the tenant's stream as they happen (implicitly subscribed:
/// the stream key is the tenant, this grain's key); a catch-up every second, and a reminder every minute, read the event
/// log behind the stored cursor, so an event whose stream message was lost is delivered all the same. Deliveries have
/// ids derived from the event and the subscription, so handling an event twice (stream and log) delivers it once.
/// The cursor only passes an event once all its deliveries answered: after a crash, what was in flight is done again.
/// </summary>
[ImplicitStreamSubscription(Names.EventStreamNamespace)]
internal sealed class WebhookDispatcherGrain(
    [PersistentState("webhookDispatcher", Names.Storage)] IPersistentState<WebhookDispatcherState> state,
    IQueryStore queries,
    ILogger<WebhookDispatcherGrain> logger)
    : Grain, IWebhookDispatcherGrain, IStreamSubscriptionObserver, IRemindable
{
    private const string CatchUpReminder = "catch-up";
    private static readonly TimeSpan CatchUpEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    /// <summary>Events read from the log per page, and the most held in flight before reading stops for a tick.</summary>
    private const int PageSize = 256;
    private const int MaxInFlight = 4096;
    /// <summary>Stream events the log never lists past the cursor (repeats of old events) are forgotten after this long.</summary>
    private static readonly TimeSpan ForgetUnlisted = TimeSpan.FromMinutes(2);

    /// <summary>With no stream traffic, the log is still read this often, for events whose stream message was lost.</summary>
    private static readonly TimeSpan QuietReadEvery = TimeSpan.FromSeconds(10);

    private readonly WebhookDispatch _inFlight = new();
    private long _readTo;
    /// <summary>Stream events came since the log was last read (their positions are still to learn), or the last read stopped at a limit.</summary>
    private bool _logAhead = true;
    private DateTime _lastRead;
    private IGrainTimer? _timer;

    private string Tenant => this.GetPrimaryKeyString();
    private WebhookDispatcherState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _readTo = State.Cursor;
        if (State.Subscriptions.Count > 0)
        {
            StartTimer();
        }
        return Task.CompletedTask;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync((e, _) =>
        {
            if (State.Subscriptions.Count > 0 && !_inFlight.Knows(e.Id) && _inFlight.Count < MaxInFlight * 2)
            {
                Start(e, position: null, already: null);
                _logAhead = true;
            }
            return Task.CompletedTask;
        });

    public async Task Subscribe(WebhookSubscription subscription)
    {
        var known = State.Subscriptions.GetValueOrDefault(subscription.WebhookId);
        if (subscription.Active)
        {
            State.Subscriptions[subscription.WebhookId] = subscription;
            if (known?.After != subscription.After)
            {
                // New (or enabled again): it takes the events after the log position it starts from, however late this
                // message comes, so the cursor goes back there if it has passed it. Alone, nothing else needs the log before.
                State.Cursor = State.Subscriptions.Count == 1 || !State.Started ? subscription.After : Math.Min(State.Cursor, subscription.After);
                State.Started = true;
            }
        }
        else
        {
            State.Subscriptions.Remove(subscription.WebhookId);
        }
        // Events handled while this subscription was unknown may match it: read them from the log again.
        _inFlight.ForgetFinished();
        _readTo = State.Cursor;
        _logAhead = true;
        await state.WriteStateAsync();
        if (State.Subscriptions.Count > 0)
        {
            StartTimer();
            await this.RegisterOrUpdateReminder(CatchUpReminder, ReminderPeriod, ReminderPeriod);
        }
        else
        {
            _timer?.Dispose();
            _timer = null;
            if (await this.GetReminder(CatchUpReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    public async Task<WebhookDispatchStatus> CatchUp()
    {
        await Tick(readLog: true);
        return new WebhookDispatchStatus(State.Cursor, _inFlight.Open, State.Subscriptions.Count);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Subscriptions.Count > 0)
        {
            StartTimer();
        }
        return Task.CompletedTask;
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(() => Tick(readLog: false), new GrainTimerCreationOptions(TimeSpan.Zero, CatchUpEvery));

    /// <summary>
    /// Restarts failed work, reads the log past what was read (when asked, when the stream has run ahead of it, or after
    /// a quiet spell: an idle tenant costs a query every few seconds, not every tick), and moves the stored cursor past
    /// what is done.
    /// </summary>
    private async Task Tick(bool readLog)
    {
        if (State.Subscriptions.Count == 0)
        {
            return;
        }
        foreach (var failed in _inFlight.Failed())
        {
            Start(failed.Event, failed.Position, already: null, replace: true);
        }
        _inFlight.ForgetUnlisted(DateTimeOffset.UtcNow - ForgetUnlisted);
        if (readLog || _logAhead || DateTime.UtcNow - _lastRead >= QuietReadEvery)
        {
            await ReadLog();
        }
        var cursor = _inFlight.DoneThrough(_readTo);
        if (cursor > State.Cursor)
        {
            var stored = State.Cursor;
            State.Cursor = cursor;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored: keep the events and the cursor where the store has them; the next tick tries again.
                State.Cursor = stored;
                throw;
            }
            _inFlight.DropThrough(cursor);
        }
    }

    /// <summary>Handles the log's events past what was read, a page at a time, until it is read or enough is in flight.</summary>
    private async Task ReadLog()
    {
        _lastRead = DateTime.UtcNow;
        _logAhead = false;
        try
        {
            while (true)
            {
                if (_inFlight.Open >= MaxInFlight)
                {
                    _logAhead = true;
                    break;
                }
                var page = await queries.ReadLog(Tenant, _readTo, PageSize);
                foreach (var logged in page)
                {
                    // A stream event is known already; its position may match subscriptions the stream's guess did not.
                    var started = _inFlight.Listed(logged.Id, logged.Position);
                    if (started is null || State.Subscriptions.Values.Any(s => !started.Contains(s.WebhookId) && Takes(s, logged.Id, logged.Position)))
                    {
                        Start(EventRecords.FromPayload(logged.Document), logged.Position, started);
                    }
                    _readTo = logged.Position;
                }
                if (page.Count < PageSize)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            _logAhead = true;
            logger.LogWarning(ex, "Reading the event log of {Tenant} failed; the next catch-up tries again", Tenant);
        }
    }

    /// <summary>
    /// Creates the event's delivery for each subscription it matches and was not started for, without waiting for them.
    /// A listed event matches by position (after the subscription's start); a stream event, whose position is not known
    /// yet, by its id's time (after the subscription's id): a guess the log's listing corrects.
    /// </summary>
    private void Start(DomainEvent e, long? position, IReadOnlySet<string>? already, bool replace = false)
    {
        var tenant = new Tenant(e.OrgId, e.Environment);
        var subscriptions = State.Subscriptions.Values
            .Where(s => already?.Contains(s.WebhookId) != true && WebhookEventFilters.Matches(s.Events, e.Type) && Takes(s, e.Id, position))
            .ToList();
        var work = subscriptions
            .Select(s => GrainFactory.Keyed<IWebhookDeliveryGrain>(tenant.KeyFor(Ids.Derived(IdPrefixes.WebhookDelivery, e.Id, $"{s.WebhookId}/{e.Id}")))
                .Deliver(new WebhookDeliveryOrder(s.WebhookId, e)))
            .ToList();
        _inFlight.Add(e, position, subscriptions.Select(s => s.WebhookId).ToList(), work.Count == 0 ? Task.CompletedTask : Task.WhenAll(work), DateTimeOffset.UtcNow, replace);
    }

    private static bool Takes(WebhookSubscription subscription, string eventId, long? position) =>
        position is { } p ? p > subscription.After : Ids.CreatedAfter(eventId, subscription.WebhookId);
}
