namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.webhook-replayed")]
public sealed record WebhookReplayed([property: Id(0)] string DeliveryId, [property: Id(1)] string EventId);
