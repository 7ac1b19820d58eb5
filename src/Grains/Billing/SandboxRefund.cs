namespace Insure.Grains.Billing;

/// <summary>One refund the sandbox gateway made: what a test counts to prove a payment was refunded once.</summary>
public sealed record SandboxRefund(
    string RefundId,
    string PaymentIntentId,
    string IdempotencyKey,
    decimal Amount,
    string Currency,
    string InvoiceId,
    string PolicyId,
    string Reason);
