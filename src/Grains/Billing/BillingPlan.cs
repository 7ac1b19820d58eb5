namespace Insure.Grains.Billing;

/// <summary>What an adjustment does to a policy's invoices: lines and refunds on existing ones, and at most one new invoice.</summary>
internal sealed record BillingPlan(IReadOnlyList<BillingOperation> Operations, NewInvoice? NewInvoice);
