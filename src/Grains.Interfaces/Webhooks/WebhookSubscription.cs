namespace Insure.Grains;

/// <summary>
/// What the dispatcher knows of a subscription: its filters, whether it takes events, and the event log's position when
/// it was created (or enabled again): it takes the events after that position.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-subscription")]
public sealed record WebhookSubscription(
    [property: Id(0)] string WebhookId,
    [property: Id(1)] string[] Events,
    [property: Id(2)] bool Active,
    [property: Id(3)] long After = 0);
