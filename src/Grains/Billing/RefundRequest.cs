namespace Insure.Grains.Billing;

/// <summary>A refund of (part of) a succeeded payment intent, in major units.</summary>
public sealed record RefundRequest(
    string PaymentIntentId,
    decimal Amount,
    string Currency,
    string IdempotencyKey,
    string InvoiceId,
    string PolicyId,
    string Reason);
