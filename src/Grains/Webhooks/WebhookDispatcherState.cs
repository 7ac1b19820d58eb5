namespace Insure.Grains.Webhooks;

/// <summary>A tenant's subscriptions as the dispatcher matches events against them, and how far into the event log it is.</summary>
[GenerateSerializer, Alias("insure.WebhookDispatcherState")]
public sealed class WebhookDispatcherState
{
    [Id(0)] public Dictionary<string, WebhookSubscription> Subscriptions { get; set; } = [];
    /// <summary>Every event at or below this log position has its deliveries (each stored, and attempted or scheduled).</summary>
    [Id(1)] public long Cursor { get; set; }
    /// <summary>The cursor was set (to the log's head when the first subscription arrived).</summary>
    [Id(2)] public bool Started { get; set; }
}
