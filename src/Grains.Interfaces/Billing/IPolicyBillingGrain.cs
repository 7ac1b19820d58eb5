namespace Insure.Grains;

/// <summary>
/// A policy's billing: the invoices its money movements became, and the payment method collections use. Keyed like
/// the policy (`{orgId}/{environment}/{policyId}`). Instructions come from the policy's outbox, at least once.
/// </summary>
[Alias("insure.IPolicyBillingGrain")]
public interface IPolicyBillingGrain : IGrainWithStringKey
{
    /// <summary>Turns an instruction into invoices; an instruction already applied (same id) changes nothing.</summary>
    [Alias("Apply")]
    Task Apply(BillingInstruction instruction);

    /// <summary>The ids of the policy's invoices, in the order they were issued.</summary>
    [ReadOnly, Alias("InvoiceIds")]
    Task<string[]> InvoiceIds();

    /// <summary>
    /// The payment method collections charge, if one is on file. Interleaves, so an invoice can ask while billing is
    /// waiting on that invoice.
    /// </summary>
    [ReadOnly, AlwaysInterleave, Alias("PaymentMethod")]
    Task<string?> PaymentMethod();

    /// <summary>Stores the payment method later collections charge. One-way: an invoice never waits on billing for it.</summary>
    [OneWay, Alias("SetPaymentMethod")]
    Task SetPaymentMethod(string paymentMethod);
}
