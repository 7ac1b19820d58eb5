namespace Insure.Grains.Billing;

/// <summary>
/// A payment intent as the gateway reports it. <see cref="Status"/> uses Stripe's names (`requires_payment_method`,
/// `requires_confirmation`, `requires_action`, `processing`, `succeeded`, `canceled`); a declined charge is
/// `requires_payment_method` with a <see cref="DeclineCode"/> such as `generic_decline` or `insufficient_funds`.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.gateway-intent")]
public sealed record GatewayIntent(
    [property: Id(0)] string Id,
    [property: Id(1)] string ClientSecret,
    [property: Id(2)] string Status,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] string Currency,
    [property: Id(5)] string? PaymentMethod,
    [property: Id(6)] string? DeclineCode,
    [property: Id(7)] string? FailureMessage);
