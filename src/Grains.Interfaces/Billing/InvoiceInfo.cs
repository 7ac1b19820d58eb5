namespace Insure.Grains;

/// <summary>An invoice as grains report it (and as its events and query record store it).</summary>
[GenerateSerializer, Immutable, Alias("insure.invoice-info")]
public sealed record InvoiceInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Number,
    [property: Id(2)] string PolicyId,
    [property: Id(3)] string PolicyNumber,
    [property: Id(4)] int? InstallmentNumber,
    [property: Id(5)] string Status,
    [property: Id(6)] string Currency,
    [property: Id(7)] DateOnly DueDate,
    [property: Id(8)] InvoiceLine[] Lines,
    [property: Id(9)] decimal Total,
    [property: Id(10)] decimal AmountPaid,
    [property: Id(11)] decimal AmountRefunded,
    [property: Id(12)] decimal AmountDue,
    [property: Id(13)] InvoicePayment[] Payments,
    [property: Id(14)] PaymentAttempt[] Attempts,
    [property: Id(15)] InvoiceRefund[] Refunds,
    [property: Id(16)] DateTimeOffset? NextRetryAt,
    [property: Id(17)] InvoiceTransition[] Transitions,
    [property: Id(18)] DateTimeOffset CreatedAt,
    [property: Id(19)] Actor CreatedBy,
    [property: Id(20)] DateTimeOffset UpdatedAt,
    [property: Id(21)] long Version,
    [property: Id(22)] decimal WrittenOff = 0m);
