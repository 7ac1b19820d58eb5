namespace Insure.Grains.Billing;

/// <summary>A refund as the gateway reports it; <see cref="Status"/> uses Stripe's names (`pending`, `succeeded`, `failed`, `canceled`).</summary>
[GenerateSerializer, Immutable, Alias("insure.gateway-refund")]
public sealed record GatewayRefund(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Currency,
    [property: Id(4)] string? FailureReason);
