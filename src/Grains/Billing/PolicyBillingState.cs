namespace Insure.Grains.Billing;

/// <summary>A policy's billing as stored: its invoices, the instructions already applied, and the payment method on file.</summary>
[GenerateSerializer, Alias("insure.PolicyBillingState")]
public sealed class PolicyBillingState
{
    /// <summary>Every invoice of the policy, in the order they were issued.</summary>
    [Id(0)] public List<string> InvoiceIds { get; set; } = [];
    /// <summary>Ids of the instructions applied (a policy has a handful over its life).</summary>
    [Id(1)] public List<string> Applied { get; set; } = [];
    /// <summary>Invoices decided and stored here but not yet confirmed issued by their grains.</summary>
    [Id(2)] public List<PendingInvoice> Pending { get; set; } = [];
    [Id(3)] public string? PaymentMethod { get; set; }
    /// <summary>Adjustment steps decided and stored here but not yet confirmed done by their invoices.</summary>
    [Id(4)] public List<BillingOperation> Operations { get; set; } = [];
    /// <summary>The policy's number, from its instructions; invoices are numbered after it.</summary>
    [Id(5)] public string? PolicyNumber { get; set; }
    /// <summary>Installments that fall due too far ahead to have a reminder yet, to be woken a week before (see PolicyBillingRules).</summary>
    [Id(6)] public List<InvoiceToWake> ToWake { get; set; } = [];
    /// <summary>Where the wake reminder is aimed, stored with the change that aimed it.</summary>
    [Id(7)] public DateTimeOffset? ReminderDueAt { get; set; }
}
