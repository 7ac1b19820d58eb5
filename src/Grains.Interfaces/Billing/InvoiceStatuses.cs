namespace Insure.Grains;

public static class InvoiceStatuses
{
    public const string Draft = "draft";
    public const string Open = "open";
    public const string Paid = "paid";
    public const string PaymentFailed = "payment_failed";
    public const string Uncollectible = "uncollectible";
    public const string Voided = "voided";
    public const string PartiallyRefunded = "partially_refunded";
    public const string Refunded = "refunded";
}
