namespace Insure.Grains;

/// <summary>A subscription with the secret it signs with: only in the answer to create and rotate-secret.</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-endpoint-secret")]
public sealed record WebhookEndpointSecret([property: Id(0)] WebhookEndpointInfo Endpoint, [property: Id(1)] string Secret);
