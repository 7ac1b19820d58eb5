namespace Insure.Grains;

/// <summary>A delivery and its attempts, newest last.</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-delivery-info")]
public sealed record WebhookDeliveryInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string WebhookId,
    [property: Id(2)] string EventId,
    [property: Id(3)] string EventType,
    [property: Id(4)] string Status,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? NextAttemptAt,
    [property: Id(7)] IReadOnlyList<WebhookAttempt> Attempts,
    [property: Id(8)] bool Replay,
    [property: Id(9)] int AttemptCount,
    [property: Id(10)] string? CancelReason);
