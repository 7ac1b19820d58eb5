namespace Insure.Grains;

/// <summary>A subscription to create: the receiver's url, the event filters (`policy.bound`, `policy.*`, `*`) and a note.</summary>
[GenerateSerializer, Immutable, Alias("insure.new-webhook-endpoint")]
public sealed record NewWebhookEndpoint(
    [property: Id(0)] string? Url,
    [property: Id(1)] string[]? Events,
    [property: Id(2)] string? Description,
    [property: Id(3)] Actor By);
