namespace Insure.Grains.Billing;

/// <summary>
/// The facts of one decided change to an invoice, applied by <see cref="InvoiceRules.Apply"/>: the lifecycle actions in
/// order (which alone move the status), the events it raises, and what it adds to the payments and attempts.
/// </summary>
internal sealed record InvoiceChange(
    InvoiceAction[] Actions,
    string[] EventTypes,
    DateTimeOffset At,
    Actor By,
    string? Note = null,
    NewInvoice? Issued = null,
    InvoicePayment? Payment = null,
    PaymentAttempt? Attempt = null,
    DateTimeOffset? NextRetryAt = null,
    bool ClearsRetry = false,
    bool WritesOff = false,
    InvoiceRefund? Refund = null,
    bool Dunned = false,
    bool DunningRequested = false,
    InvoiceLine[]? Lines = null,
    decimal VoidsDue = 0m,
    decimal RecoversWriteOff = 0m);
