namespace Insure.Grains;

/// <summary>A referral is open until an underwriter approves or rejects it (a request for information leaves it open).</summary>
public static class ReferralStatuses
{
    public const string Open = "open";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static readonly string[] All = [Open, Approved, Rejected];
}
