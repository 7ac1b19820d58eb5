namespace Insure.Grains.Billing;

/// <summary>A refund decided: how much, and the payments it comes back from (newest first).</summary>
internal sealed record RefundPlan(decimal Amount, InvoicePayment[] From);
