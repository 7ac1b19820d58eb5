namespace Insure.Grains;

public static class InstallmentPlans
{
    public const string PayInFull = "PIF";
    public const string TwoPay = "TWO_PAY";
    public const string Quarterly = "QUARTERLY";
    public const string Monthly10 = "MONTHLY_10";
    public const string Monthly12 = "MONTHLY_12";

    public static readonly string[] All = [PayInFull, TwoPay, Quarterly, Monthly10, Monthly12];
}
