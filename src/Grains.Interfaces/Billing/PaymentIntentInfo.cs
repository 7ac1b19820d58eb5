namespace Insure.Grains;

/// <summary>A payment intent as the API shows it (Stripe's names and statuses), with the invoice after it.</summary>
[GenerateSerializer, Immutable, Alias("insure.payment-intent-info")]
public sealed record PaymentIntentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string ClientSecret,
    [property: Id(2)] string Status,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] string Currency,
    [property: Id(5)] string? PaymentMethod,
    [property: Id(6)] string? DeclineCode,
    [property: Id(7)] string? FailureMessage,
    [property: Id(8)] InvoiceInfo Invoice);
