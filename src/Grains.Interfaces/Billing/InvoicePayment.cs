namespace Insure.Grains;

/// <summary>Money received against an invoice: by card through the gateway (<see cref="IntentId"/>) or recorded by hand.</summary>
[GenerateSerializer, Immutable, Alias("insure.invoice-payment")]
public sealed record InvoicePayment(
    [property: Id(0)] string Id,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string Method,
    [property: Id(3)] string? Reference,
    [property: Id(4)] string? IntentId,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] Actor By,
    [property: Id(7)] decimal Refunded = 0m);
