namespace Insure.Grains;

/// <summary>The deliveries a replay created, one per event.</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-replay")]
public sealed record WebhookReplay([property: Id(0)] IReadOnlyList<WebhookReplayed> Deliveries);
