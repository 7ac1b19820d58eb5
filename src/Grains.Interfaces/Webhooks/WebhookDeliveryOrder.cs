namespace Insure.Grains;

/// <summary>An event to deliver to a subscription; <see cref="Replay"/> when an owner asked to send it again.</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-delivery-order")]
public sealed record WebhookDeliveryOrder(
    [property: Id(0)] string WebhookId,
    [property: Id(1)] DomainEvent Event,
    [property: Id(2)] bool Replay = false);
