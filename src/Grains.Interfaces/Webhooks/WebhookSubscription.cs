namespace Insure.Grains;

/// <summary>
/// What the dispatcher knows of a subscription: its filters and whether it takes events. It takes those made after it:
/// ids sort by creation (see <see cref="Ids.CreatedAfter"/>), even within one tick of a clock.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-subscription")]
public sealed record WebhookSubscription(
    [property: Id(0)] string WebhookId,
    [property: Id(1)] string[] Events,
    [property: Id(2)] bool Active);
