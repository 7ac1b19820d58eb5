namespace Insure.Grains;

/// <summary>Money returned from an invoice's payments; <see cref="GatewayRefundId"/> when a card payment was refunded through the gateway.</summary>
[GenerateSerializer, Immutable, Alias("insure.invoice-refund")]
public sealed record InvoiceRefund(
    [property: Id(0)] string Id,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string Reason,
    [property: Id(3)] string PaymentId,
    [property: Id(4)] string? GatewayRefundId,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] Actor By,
    [property: Id(7)] string? OperationId = null);
