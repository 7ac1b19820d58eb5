namespace Insure.Grains;

public static class ReadinessVerdicts
{
    public const string Ready = "ready";
    public const string NeedsInfo = "needs_info";
    public const string ReferralRequired = "referral_required";
    public const string Declined = "declined";
}
