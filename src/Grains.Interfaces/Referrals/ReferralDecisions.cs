namespace Insure.Grains;

/// <summary>The decisions an underwriter can make on an open referral.</summary>
public static class ReferralDecisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string RequestInfo = "request_info";

    public static readonly string[] All = [Approve, Reject, RequestInfo];
}
