namespace Insure.Grains;

public static class PolicyStatuses
{
    public const string Bound = "bound";
    public const string Active = "active";
    public const string PendingCancellation = "pending_cancellation";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}
