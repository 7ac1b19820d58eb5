namespace Insure.Grains;

/// <summary>An invoice to issue for a policy: its number, due date and lines (which sum to its total).</summary>
[GenerateSerializer, Immutable, Alias("insure.new-invoice")]
public sealed record NewInvoice(
    [property: Id(0)] string PolicyId,
    [property: Id(1)] string PolicyNumber,
    [property: Id(2)] string Number,
    [property: Id(3)] int? InstallmentNumber,
    [property: Id(4)] DateOnly DueDate,
    [property: Id(5)] string Currency,
    [property: Id(6)] InvoiceLine[] Lines,
    [property: Id(7)] Actor By);
