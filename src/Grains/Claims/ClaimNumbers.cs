namespace Insure.Grains.Claims;

/// <summary>Claim numbers come from the same kind of per-tenant, per-year counter as policy numbers, in a sequence of their own.</summary>
internal static class ClaimNumbers
{
    public const string Prefix = "CLM";

    /// <summary>The next claim number of a tenant and year, such as `CLM-2026-000031`.</summary>
    public static async Task<string> Allocate(IGrainFactory grains, Tenant tenant, int year)
    {
        // Lower-case "claims" keeps this sequence apart from the product prefixes (upper-case) policy numbers count under.
        var next = await grains.GetGrain<IPolicyNumberSequenceGrain>($"{tenant.KeyFor("claims")}/{year}").Next();
        return $"{Prefix}-{year}-{next:D6}";
    }
}
