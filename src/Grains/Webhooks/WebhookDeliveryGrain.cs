using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Webhooks;

/// <summary>
/// One event's delivery to one subscription: stored before the first attempt, then attempted; a failure is retried on
/// the configured schedule by a reminder, which also carries a replay's first attempt across a restart.
/// </summary>
internal sealed class WebhookDeliveryGrain(
    [PersistentState("webhookDelivery", Names.Storage)] IPersistentState<WebhookDeliveryState> state,
    IQueryStore queries,
    IEventRenderer renderer,
    WebhookSender sender,
    InsureOptions options,
    TenantClocks clocks,
    ILogger<WebhookDeliveryGrain> logger)
    : TenantGrain<WebhookDeliveryState>(state, queries, clocks, logger), IWebhookDeliveryGrain, IRemindable
{
    private const string RetryReminder = "retry";
    /// <summary>How often a registered reminder ticks again should a tick find nothing due (Orleans' minimum period).</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    public async Task<WebhookDeliveryInfo> Deliver(WebhookDeliveryOrder order)
    {
        if (!Persisted.RecordExists)
        {
            Start(order);
            await Save();
        }
        if (State.Status == WebhookDeliveryStatuses.Pending && State.AttemptCount == 0)
        {
            await Attempt(manual: false);
        }
        return ToInfo();
    }

    public async Task<WebhookDeliveryInfo> Schedule(WebhookDeliveryOrder order)
    {
        if (Persisted.RecordExists)
        {
            return ToInfo();
        }
        Start(order);
        // The reminder first: should the silo stop before the attempt below, the reminder still makes it.
        await this.RegisterOrUpdateReminder(RetryReminder, ReminderPeriod, ReminderPeriod);
        State.ReminderSet = true;
        await Commit();
        this.RegisterGrainTimer(() => Due() ? Attempt(manual: false) : Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return ToInfo();
    }

    public async Task<Outcome<WebhookDeliveryInfo>> Redeliver(Actor by)
    {
        if (!Exists())
        {
            return Outcome<WebhookDeliveryInfo>.NotFound;
        }
        var target = await Grains.Get<IWebhookEndpointGrain>(State.WebhookId).Target();
        if (target is null)
        {
            return Outcome<WebhookDeliveryInfo>.NotFound;
        }
        if (!target.Enabled)
        {
            return RuleViolation.Business("This webhook is disabled; enable it (PATCH enabled: true) before redelivering to it", "enabled", "disabled");
        }
        await Attempt(manual: true, target);
        return ToInfo();
    }

    public Task<WebhookDeliveryInfo?> Get() => Task.FromResult(Exists() ? ToInfo() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!Persisted.RecordExists || State.Status != WebhookDeliveryStatuses.Pending)
        {
            await Unremind();
            return;
        }
        if (Due())
        {
            await Attempt(manual: false);
        }
    }

    private bool Due() => WebhookDeliveryRules.Due(State, Time.GetUtcNow());

    private void Start(WebhookDeliveryOrder order)
    {
        State.WebhookId = order.WebhookId;
        State.Event = order.Event;
        State.Replay = order.Replay;
        State.Status = WebhookDeliveryStatuses.Pending;
        State.CreatedAt = Time.GetUtcNow();
    }

    /// <summary>Sends the event once and stores what came of it, re-aiming (or dropping) the retry reminder first.</summary>
    private async Task Attempt(bool manual, WebhookTarget? target = null)
    {
        target ??= await Grains.Get<IWebhookEndpointGrain>(State.WebhookId).Target();
        if (target is null || !target.Enabled)
        {
            // Deleted or disabled: nothing more goes to it.
            await Unremind();
            State.Status = WebhookDeliveryStatuses.Cancelled;
            State.CancelReason = target is null ? "the webhook was deleted" : "the webhook is disabled";
            State.NextAttemptAt = null;
            await Commit();
            LetGoWhenSettled();
            return;
        }
        var e = State.Event!;
        var body = Body(e);
        var headers = WebhookSignatures.Headers(body, target.Secrets, Time.GetUtcNow(), e.Id, EntityId);
        var at = Time.GetUtcNow();
        var sent = await sender.Send(new Uri(target.Url), body, headers);
        var attempt = new WebhookAttempt(at, sent.StatusCode, (long)sent.Latency.TotalMilliseconds, sent.ResponseBody, sent.Error,
            WebhookDeliveryRules.Trigger(State, manual));
        _ = Grains.Get<IWebhookEndpointGrain>(State.WebhookId).ReportAttempt(attempt.Delivered, attempt.At);

        var step = WebhookDeliveryRules.Attempted(State, attempt, options.Webhooks.Retries, manual);
        if (step.NextAttemptAt is { } next)
        {
            if (next != State.NextAttemptAt || !State.ReminderSet)
            {
                var wait = next - Time.GetUtcNow();
                await this.RegisterOrUpdateReminder(RetryReminder, wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1), ReminderPeriod);
                State.ReminderSet = true;
            }
        }
        else
        {
            await Unremind();
        }
        State.Status = step.Status;
        State.NextAttemptAt = step.NextAttemptAt;
        State.RetriesUsed = step.RetriesUsed;
        State.Attempts = WebhookDeliveryRules.Keep(State.Attempts, attempt);
        State.AttemptCount++;
        State.CancelReason = null;
        await Commit();
        LetGoWhenSettled();
    }

    /// <summary>A delivery that is over waits for nothing: its activation goes now, not after the idle age (there are many).</summary>
    private void LetGoWhenSettled()
    {
        if (State.Status != WebhookDeliveryStatuses.Pending)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>The event as the Api shows it; should its stored data not render (a bug), as stored, rather than never.</summary>
    private string Body(DomainEvent e)
    {
        try
        {
            return renderer.Render(e);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Event {EventId} ({Type}) did not render; delivering its data as stored", e.Id, e.Type);
            return EventRecords.ToPayload(e);
        }
    }

    private async Task Unremind()
    {
        if (!State.ReminderSet)
        {
            return;
        }
        if (await this.GetReminder(RetryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        State.ReminderSet = false;
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists && State.Event is { } e)
        {
            yield return Summary(QueryKinds.WebhookDelivery, State.CreatedAt, new Dictionary<string, string>
            {
                ["webhookId"] = State.WebhookId,
                ["status"] = State.Status,
                ["eventType"] = e.Type,
            }, ToInfo());
        }
    }

    private WebhookDeliveryInfo ToInfo() => new(
        EntityId, State.WebhookId, State.Event?.Id ?? "", State.Event?.Type ?? "", State.Status, State.CreatedAt,
        State.NextAttemptAt, State.Attempts, State.Replay, State.AttemptCount, State.CancelReason);
}
