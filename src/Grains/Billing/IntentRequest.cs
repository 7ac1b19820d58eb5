namespace Insure.Grains.Billing;

/// <summary>A payment intent to create: amount in major units, ISO currency, and the invoice and policy it collects for.</summary>
public sealed record IntentRequest(
    decimal Amount,
    string Currency,
    string IdempotencyKey,
    string? PaymentMethod,
    bool Confirm,
    string InvoiceId,
    string PolicyId,
    string Description);
