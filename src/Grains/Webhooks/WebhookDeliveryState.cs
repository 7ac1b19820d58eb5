using Insure.Grains.Events;

namespace Insure.Grains.Webhooks;

/// <summary>One delivery: the event, where it goes, its status and its latest attempts.</summary>
[GenerateSerializer, Alias("insure.WebhookDeliveryState")]
public sealed class WebhookDeliveryState : IOutboxState
{
    [Id(0)] public string WebhookId { get; set; } = "";
    [Id(1)] public DomainEvent? Event { get; set; }
    [Id(2)] public string Status { get; set; } = WebhookDeliveryStatuses.Pending;
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>Retries of the schedule used so far.</summary>
    [Id(5)] public int RetriesUsed { get; set; }
    /// <summary>The latest attempts (at most <see cref="WebhookDeliveryRules.KeptAttempts"/>).</summary>
    [Id(6)] public List<WebhookAttempt> Attempts { get; set; } = [];
    [Id(7)] public int AttemptCount { get; set; }
    [Id(8)] public bool Replay { get; set; }
    /// <summary>A reminder is registered for this delivery (a retry, or a replay's first attempt).</summary>
    [Id(9)] public bool ReminderSet { get; set; }
    [Id(10)] public string? CancelReason { get; set; }
    [Id(11)] public long Version { get; set; }
    [Id(12)] public List<DomainEvent> Outbox { get; set; } = [];
}
