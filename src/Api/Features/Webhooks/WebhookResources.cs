using Insure.Grains;

namespace Insure.Api.Features.Webhooks;

/// <summary>A webhook subscription as integrators see it (the API body and the `webhook.*` events' data): never its secret.</summary>
public sealed record WebhookResource(
    string Id,
    string Object,
    string Url,
    string[] Events,
    string? Description,
    bool Enabled,
    string Status,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PreviousSecretExpiresAt,
    string Environment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Actor CreatedBy);

/// <summary>A subscription with its signing secret: only in the answers to create and rotate-secret.</summary>
public sealed record WebhookWithSecretResource(
    string Id,
    string Object,
    string Url,
    string[] Events,
    string? Description,
    bool Enabled,
    string Secret,
    DateTimeOffset? PreviousSecretExpiresAt,
    string Environment,
    DateTimeOffset CreatedAt,
    Actor CreatedBy);

/// <summary>One delivery of an event to a subscription, with its latest attempts (oldest first).</summary>
public sealed record WebhookDeliveryResource(
    string Id,
    string Object,
    string WebhookId,
    string EventId,
    string EventType,
    string Status,
    bool Replay,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    int AttemptCount,
    string? CancelReason,
    IReadOnlyList<WebhookAttemptResource> Attempts);

public sealed record WebhookAttemptResource(DateTimeOffset At, string Trigger, int? StatusCode, long LatencyMs, string? ResponseBody, string? Error);

public sealed record WebhookEventTypeResource(string Type, string Description);

public sealed record WebhookReplayResource(string Object, string WebhookId, int Count, IReadOnlyList<WebhookReplayedResource> Deliveries);

public sealed record WebhookReplayedResource(string DeliveryId, string EventId);

public sealed record CreateWebhookRequest(string? Url, string[]? Events, string? Description);

public sealed record UpdateWebhookRequest(string? Url, string[]? Events, string? Description, bool? Enabled);

/// <summary>Either `eventIds`, or a `from`..`to` range of event times (from inclusive, to exclusive).</summary>
public sealed record ReplayWebhookRequest(string[]? EventIds, DateTimeOffset? From, DateTimeOffset? To);

public static class WebhookResources
{
    public static WebhookResource ToResource(this WebhookEndpointInfo w) => new(
        w.Id, "webhook", w.Url, w.Events, w.Description, w.Enabled, w.DeletedAt is not null ? "deleted" : w.Enabled ? "enabled" : "disabled",
        w.DisabledAt, w.DisabledReason, w.FailingSince, w.PreviousSecretExpiresAt, w.Environment, w.CreatedAt, w.UpdatedAt, w.CreatedBy);

    public static WebhookWithSecretResource ToResource(this WebhookEndpointSecret created) => new(
        created.Endpoint.Id, "webhook", created.Endpoint.Url, created.Endpoint.Events, created.Endpoint.Description, created.Endpoint.Enabled,
        created.Secret, created.Endpoint.PreviousSecretExpiresAt, created.Endpoint.Environment, created.Endpoint.CreatedAt, created.Endpoint.CreatedBy);

    public static WebhookDeliveryResource ToResource(this WebhookDeliveryInfo d) => new(
        d.Id, "webhook_delivery", d.WebhookId, d.EventId, d.EventType, d.Status, d.Replay, d.CreatedAt, d.NextAttemptAt, d.AttemptCount,
        d.CancelReason, d.Attempts.Select(a => new WebhookAttemptResource(a.At, a.Trigger, a.StatusCode, a.LatencyMs, a.ResponseBody, a.Error)).ToList());
}
