namespace Insure.Grains.Policies;

/// <summary>Numbers from a tenant's per-year sequences (policy numbers per product prefix; claim numbers in their own).</summary>
internal static class PolicyNumbers
{
    /// <summary>The next policy number of a product in a tenant and year, such as `GL-2026-000142`.</summary>
    public static Task<string> Allocate(IGrainFactory grains, Tenant tenant, string prefix, int year) =>
        Allocate(grains, tenant, sequence: prefix, prefix, year);

    /// <summary>The next number of <paramref name="sequence"/> in a tenant and year, shown as `{prefix}-{year}-{000000}`.</summary>
    public static async Task<string> Allocate(IGrainFactory grains, Tenant tenant, string sequence, string prefix, int year)
    {
        var next = await grains.Keyed<IPolicyNumberSequenceGrain>($"{tenant.KeyFor(sequence)}/{year}").Next();
        return $"{prefix}-{year}-{next:D6}";
    }
}
