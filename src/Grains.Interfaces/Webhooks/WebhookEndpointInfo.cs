namespace Insure.Grains;

/// <summary>A subscription as its owner sees it: never a secret, only when the previous one stops signing.</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-endpoint-info")]
public sealed record WebhookEndpointInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Environment,
    [property: Id(3)] string Url,
    [property: Id(4)] string[] Events,
    [property: Id(5)] string? Description,
    [property: Id(6)] bool Enabled,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] Actor CreatedBy,
    [property: Id(10)] DateTimeOffset? DisabledAt,
    [property: Id(11)] string? DisabledReason,
    [property: Id(12)] DateTimeOffset? FailingSince,
    [property: Id(13)] DateTimeOffset? PreviousSecretExpiresAt,
    [property: Id(14)] DateTimeOffset? DeletedAt);
