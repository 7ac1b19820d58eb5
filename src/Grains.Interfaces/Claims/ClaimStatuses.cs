namespace Insure.Grains;

public static class ClaimStatuses
{
    public const string Open = "open";
    public const string Investigating = "investigating";
    public const string InSettlement = "in_settlement";
    public const string Settled = "settled";
    public const string Denied = "denied";
    public const string Closed = "closed";
    public const string Reopened = "reopened";
}
