namespace Insure.Grains;

/// <summary>
/// A delivery is `pending` until an attempt succeeds (`delivered`), its last retry fails (`failed`), or its subscription
/// is deleted or disabled before it got through (`cancelled`).
/// </summary>
public static class WebhookDeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Pending, Delivered, Failed, Cancelled];
}
