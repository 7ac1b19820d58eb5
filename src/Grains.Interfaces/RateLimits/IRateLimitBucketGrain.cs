namespace Insure.Grains;

/// <summary>
/// A tenant's request counters over one-minute windows: one per API key and one for the tenant as a whole, so
/// that more keys do not mean more throughput. It also holds its organization's standing (status, live approval,
/// tier), pushed by the organization on every change, so a request learns it without a call of its own. Keyed
/// `{orgId}/{environment}`. Held in memory only: counting a request never writes storage.
/// </summary>
[Alias("insure.IRateLimitBucketGrain")]
public interface IRateLimitBucketGrain : IGrainWithStringKey
{
    /// <summary>
    /// Admits a request of <paramref name="keyId"/> if its organization lets the tenant's keys in, then counts it if
    /// both its key's and its tenant's windows have room.
    /// </summary>
    [Alias("Admit")]
    Task<RateLimitDecision> Take(string keyId, RateLimitSchedule schedule);

    /// <summary>The organization changed (or was created); later requests see it. Interleaves, so it never waits on a request.</summary>
    [AlwaysInterleave, Alias("OrganizationChanged")]
    Task OrganizationChanged(OrganizationInfo organization);
}
