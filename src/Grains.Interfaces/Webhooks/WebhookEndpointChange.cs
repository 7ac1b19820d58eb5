namespace Insure.Grains;

/// <summary>A PATCH of a subscription: each field that is set replaces the stored one.</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-endpoint-change")]
public sealed record WebhookEndpointChange(
    [property: Id(0)] string? Url,
    [property: Id(1)] string[]? Events,
    [property: Id(2)] string? Description,
    [property: Id(3)] bool? Enabled,
    [property: Id(4)] Actor By);
