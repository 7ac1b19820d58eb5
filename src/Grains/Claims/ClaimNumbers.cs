using Insure.Grains.Policies;

namespace Insure.Grains.Claims;

/// <summary>Claim numbers come from the same kind of per-tenant, per-year counter as policy numbers, in a sequence of their own.</summary>
internal static class ClaimNumbers
{
    public const string Prefix = "CLM";

    /// <summary>The next claim number of a tenant and year, such as `CLM-2026-000031`.</summary>
    // Lower-case "claims" keeps this sequence apart from the product prefixes (upper-case) policy numbers count under.
    public static Task<string> Allocate(IGrainFactory grains, Tenant tenant, int year) =>
        PolicyNumbers.Allocate(grains, tenant, sequence: "claims", Prefix, year);
}
