namespace Insure.Grains.Policies;

/// <summary>Formats numbers from a tenant's policy-number sequence.</summary>
internal static class PolicyNumbers
{
    /// <summary>The next policy number of a product in a tenant and year, such as `GL-2026-000142`.</summary>
    public static async Task<string> Allocate(IGrainFactory grains, Tenant tenant, string prefix, int year)
    {
        var next = await grains.GetGrain<IPolicyNumberSequenceGrain>($"{tenant.KeyFor(prefix)}/{year}").Next();
        return $"{prefix}-{year}-{next:D6}";
    }
}
