namespace Insure.Grains.Billing;

/// <summary>
/// One step billing decided for an adjustment and stored before doing it: lines to add to an invoice (a charge or a
/// credit), or a refund from an invoice's payments. <see cref="OperationId"/> lets the invoice ignore a repeat.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.billing-operation")]
public sealed record BillingOperation(
    [property: Id(0)] string OperationId,
    [property: Id(1)] string InvoiceId,
    [property: Id(2)] InvoiceLine[] Lines,
    [property: Id(3)] decimal RefundAmount,
    [property: Id(4)] string Reason,
    [property: Id(5)] Actor By,
    [property: Id(6)] string Currency = "USD");
