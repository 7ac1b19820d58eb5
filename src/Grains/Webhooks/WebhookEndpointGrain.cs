using System.Security.Cryptography;
using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Webhooks;

/// <summary>
/// A subscription: validates and stores it, keeps the tenant's dispatcher told of its filters (an instruction stored with
/// each change), hands attempts their url and secrets, and disables itself when its receiver keeps failing.
/// </summary>
internal sealed class WebhookEndpointGrain(
    [PersistentState("webhook", Names.Storage)] IPersistentState<WebhookEndpointState> state,
    IQueryStore queries,
    IQueryStore eventLog,
    WebhookUrlGuard urls,
    InsureOptions options,
    TenantClocks clocks,
    ILogger<WebhookEndpointGrain> logger)
    : TenantGrain<WebhookEndpointState>(state, queries, clocks, logger), IWebhookEndpointGrain
{
    public const string SecretPrefix = "whsec_";
    private const int ReplayConcurrency = 32;

    public async Task<Outcome<WebhookEndpointSecret>> Create(NewWebhookEndpoint request)
    {
        if (Persisted.RecordExists)
        {
            return RuleViolation.Conflict($"Webhook {EntityId} already exists");
        }
        var url = await urls.Check(request.Url);
        if ((url.Violation ?? WebhookEndpointRules.CheckNew(request)) is { } refused)
        {
            return refused;
        }
        var now = Time.GetUtcNow();
        // Read before the subscription exists: every event acknowledged after the answer to this call lies beyond it.
        State.StartPosition = await eventLog.LogHead(Tenant.ToString());
        State.Url = url.Facts!.AbsoluteUri;
        State.Events = WebhookEventFilters.Normalize(request.Events!);
        State.Description = request.Description;
        State.Enabled = true;
        State.Secret = NewSecret();
        State.CreatedAt = State.UpdatedAt = now;
        State.CreatedBy = request.By;
        State.DispatcherStale = true;
        await Commit(() => [NewEvent("webhook.created", ToInfo())]);
        return new WebhookEndpointSecret(ToInfo(), State.Secret);
    }

    public Task<WebhookEndpointInfo?> Get() => Task.FromResult(Live() ? ToInfo() : null);

    public async Task<Outcome<WebhookEndpointInfo>> Update(WebhookEndpointChange change)
    {
        if (!Live())
        {
            return Outcome<WebhookEndpointInfo>.NotFound;
        }
        var url = change.Url is null ? default : await urls.Check(change.Url);
        if ((WebhookEndpointRules.CheckChange(change) ?? url.Violation) is { } refused)
        {
            return refused;
        }
        State.Url = url.Facts?.AbsoluteUri ?? State.Url;
        State.Events = change.Events is { } events ? WebhookEventFilters.Normalize(events) : State.Events;
        State.Description = change.Description ?? State.Description;
        if (change.Enabled is { } enabled && enabled != State.Enabled)
        {
            if (enabled)
            {
                // Enabled again, it takes what happens from now on; what happened while it was disabled takes a replay.
                State.StartPosition = await eventLog.LogHead(Tenant.ToString());
            }
            State.Enabled = enabled;
            // Enabled again by its owner: the receiver gets a fresh start; disabled by its owner: no automatic reason.
            State.FailingSince = null;
            State.DisabledAt = enabled ? null : Time.GetUtcNow();
            State.DisabledReason = enabled ? null : "disabled by its owner";
        }
        State.UpdatedAt = Time.GetUtcNow();
        State.DispatcherStale = true;
        await Commit(() => [NewEvent("webhook.updated", ToInfo())]);
        return ToInfo();
    }

    public async Task<Outcome<WebhookEndpointInfo>> Delete(Actor by)
    {
        if (!Live())
        {
            return Outcome<WebhookEndpointInfo>.NotFound;
        }
        State.DeletedAt = State.UpdatedAt = Time.GetUtcNow();
        State.Enabled = false;
        State.Secret = "";
        State.PreviousSecret = null;
        State.DispatcherStale = true;
        await Commit(() => [NewEvent("webhook.deleted", ToInfo())]);
        return ToInfo();
    }

    public async Task<Outcome<WebhookEndpointSecret>> RotateSecret(Actor by)
    {
        if (!Live())
        {
            return Outcome<WebhookEndpointSecret>.NotFound;
        }
        var now = Time.GetUtcNow();
        State.PreviousSecret = State.Secret;
        State.PreviousSecretExpiresAt = now + options.Webhooks.SecretOverlap;
        State.Secret = NewSecret();
        State.UpdatedAt = now;
        await Commit(() => [NewEvent("webhook.secret_rotated", ToInfo())]);
        return new WebhookEndpointSecret(ToInfo(), State.Secret);
    }

    public Task<WebhookTarget?> Target() => Task.FromResult(Live()
        ? new WebhookTarget(State.Url, State.Enabled, WebhookEndpointRules.Secrets(State, Time.GetUtcNow()))
        : null);

    public async Task ReportAttempt(bool delivered, DateTimeOffset at)
    {
        if (!Live() || WebhookEndpointRules.Attempted(State, delivered, at, options.Webhooks) is not { } change)
        {
            return;
        }
        State.FailingSince = change.FailingSince;
        if (!change.Disable)
        {
            await Save();
            return;
        }
        State.Enabled = false;
        State.DisabledAt = State.UpdatedAt = Time.GetUtcNow();
        State.DisabledReason = $"every delivery failed since {change.FailingSince:O}";
        State.DispatcherStale = true;
        await Commit(() => [NewEvent("webhook.disabled", ToInfo())]);
    }

    public async Task<Outcome<WebhookReplay>> Replay(IReadOnlyList<DomainEvent> events, Actor by)
    {
        if (!Live())
        {
            return Outcome<WebhookReplay>.NotFound;
        }
        if (!State.Enabled)
        {
            return RuleViolation.Business("This webhook is disabled; enable it (PATCH enabled: true) before replaying events to it", "enabled", "disabled");
        }
        var replayed = events.Select(e => new WebhookReplayed(Ids.New(IdPrefixes.WebhookDelivery, Time), e.Id)).ToList();
        // Each delivery stores itself and its reminder; a few dozen at a time, so a long replay answers well within a call's timeout.
        foreach (var chunk in events.Zip(replayed).Chunk(ReplayConcurrency))
        {
            await Task.WhenAll(chunk.Select(p =>
                Grains.Get<IWebhookDeliveryGrain>(p.Second.DeliveryId).Schedule(new WebhookDeliveryOrder(EntityId, p.First, Replay: true))));
        }
        return new WebhookReplay(replayed);
    }

    protected override bool HasInstructions => State.DispatcherStale;

    /// <summary>Tells the tenant's dispatcher the filters and status now in force (at least once; it ignores repeats).</summary>
    protected override async Task<bool> SendInstructions()
    {
        if (!State.DispatcherStale)
        {
            return false;
        }
        await GrainFactory.Keyed<IWebhookDispatcherGrain>(Tenant.ToString())
            .Subscribe(new WebhookSubscription(EntityId, State.Events, State.Enabled && State.DeletedAt is null, State.StartPosition));
        State.DispatcherStale = false;
        return true;
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            yield return Summary(QueryKinds.Webhook, State.CreatedAt, new Dictionary<string, string>
            {
                ["deleted"] = State.DeletedAt is null ? "false" : "true",
                ["enabled"] = State.Enabled ? "true" : "false",
            }, ToInfo());
        }
    }

    /// <summary>Created and not deleted.</summary>
    private bool Live() => Exists() && State.DeletedAt is null;

    private static string NewSecret() => SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private WebhookEndpointInfo ToInfo() => new(
        EntityId, Tenant.OrgId, Tenant.Environment, State.Url, State.Events, State.Description, State.Enabled,
        State.CreatedAt, State.UpdatedAt, State.CreatedBy!, State.DisabledAt, State.DisabledReason, State.FailingSince,
        State.PreviousSecretExpiresAt > Time.GetUtcNow() ? State.PreviousSecretExpiresAt : null, State.DeletedAt);
}
