namespace Insure.Grains;

/// <summary>One invoice of a policy, from issue to paid, voided, uncollectible or refunded. Keyed `{orgId}/{environment}/{invoiceId}`.</summary>
[Alias("insure.IInvoiceGrain")]
public interface IInvoiceGrain : IGrainWithStringKey
{
    /// <summary>Issues the invoice (draft, then open); issuing it again returns it unchanged.</summary>
    [Alias("Issue")]
    Task<InvoiceInfo> Issue(NewInvoice invoice);

    /// <summary>
    /// The invoice. Interleaves with a running command, so billing can read invoices while one of them waits on
    /// billing (no call cycle can wait on itself).
    /// </summary>
    [ReadOnly, AlwaysInterleave, Alias("Get")]
    Task<InvoiceInfo?> Get();

    /// <summary>Records a manual payment of at most the amount due.</summary>
    [Alias("Pay")]
    Task<Outcome<InvoiceInfo>> Pay(ManualPayment payment);

    /// <summary>Creates a payment intent for the amount due; with a payment method it is charged at once.</summary>
    [Alias("CreatePaymentIntent")]
    Task<Outcome<PaymentIntentInfo>> CreatePaymentIntent(string? paymentMethod, Actor by);

    /// <summary>
    /// <see cref="CreatePaymentIntent(string?, Actor)"/> for the request <paramref name="requestKey"/>: sent again with the key
    /// of a request that created an intent (whose answer was lost), it answers with that intent and charges nothing more.
    /// </summary>
    [Alias("CreatePaymentIntentForRequest")]
    Task<Outcome<PaymentIntentInfo>> CreatePaymentIntent(string? paymentMethod, Actor by, string? requestKey);

    [Alias("Void")]
    Task<Outcome<InvoiceInfo>> Void(string reason, Actor by);

    /// <summary>Charges the payment method on file now, for a payment_failed or uncollectible invoice.</summary>
    [Alias("Retry")]
    Task<Outcome<InvoiceInfo>> Retry(Actor by);

    /// <summary>
    /// <see cref="Retry(Actor)"/> for the request <paramref name="requestKey"/>: sent again with the key of a request that
    /// charged (whose answer was lost), it answers with the invoice and charges nothing more.
    /// </summary>
    [Alias("RetryForRequest")]
    Task<Outcome<InvoiceInfo>> Retry(Actor by, string? requestKey);

    /// <summary>Refunds what was paid (all of it without an amount), newest payments first; cards through the gateway.</summary>
    [Alias("Refund")]
    Task<Outcome<InvoiceInfo>> Refund(decimal? amount, string reason, Actor by, string? operationId = null);

    /// <summary>
    /// Adds lines (an endorsement's charge, or a negative credit) to an open or payment_failed invoice, once per
    /// <paramref name="operationId"/>; a credit that leaves nothing due closes it (paid if anything was paid, else voided).
    /// </summary>
    [Alias("Adjust")]
    Task<Outcome<InvoiceInfo>> Adjust(string operationId, InvoiceLine[] lines, Actor by);

    /// <summary>
    /// Aims the invoice's collection reminder, which an installment falling due more than a week after it was issued
    /// leaves to its policy's billing to ask for, a week before. Calls nothing else, so billing can wait on it.
    /// </summary>
    [Alias("Wake")]
    Task Wake();
}
