namespace Insure.Grains.Billing;

/// <summary>An installment issued without a reminder of its own, which billing wakes a week before <see cref="DueDate"/>.</summary>
[GenerateSerializer, Immutable, Alias("insure.invoice-to-wake")]
public sealed record InvoiceToWake([property: Id(0)] string Id, [property: Id(1)] DateOnly DueDate);
