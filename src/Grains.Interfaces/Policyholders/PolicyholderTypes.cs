namespace Insure.Grains;

public static class PolicyholderTypes
{
    public const string Individual = "individual";
    public const string Company = "company";
}
