namespace Insure.Grains.Billing;

/// <summary>
/// One confirmation attempt the sandbox gateway made on a card: what a test or the benchmark counts to prove an
/// invoice was charged once. <see cref="Outcome"/> is `succeeded` or `declined` (then with <see cref="DeclineCode"/>).
/// </summary>
public sealed record SandboxCharge(
    string PaymentIntentId,
    string IdempotencyKey,
    decimal Amount,
    string Currency,
    string PaymentMethod,
    string InvoiceId,
    string PolicyId,
    string Outcome,
    string? DeclineCode);
