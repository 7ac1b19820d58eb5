namespace Insure.Grains;

public static class OrganizationTiers
{
    public const string Standard = "standard";
    public const string Enterprise = "enterprise";
    public static bool IsValid(string? tier) => tier is Standard or Enterprise;
}
