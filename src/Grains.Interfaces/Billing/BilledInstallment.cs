namespace Insure.Grains;

/// <summary>One installment to invoice: its number, due date and lines.</summary>
[GenerateSerializer, Immutable, Alias("insure.billed-installment")]
public sealed record BilledInstallment(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly DueDate,
    [property: Id(2)] InvoiceLine[] Lines);
