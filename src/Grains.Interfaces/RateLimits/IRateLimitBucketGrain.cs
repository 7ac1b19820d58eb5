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

    /// <summary>
    /// <see cref="Take"/> up to <paramref name="count"/> times at once, for a node that hands the requests out itself: the
    /// decisions in order, each as <see cref="Take"/> would have answered it; it stops at the first refusal, which is kept
    /// only when it is the first.
    /// </summary>
    [Alias("Lease")]
    Task<RateLimitDecision[]> Lease(string keyId, RateLimitSchedule schedule, int count);

    /// <summary>The organization changed (or was created); later requests see it. Interleaves, so it never waits on a request.</summary>
    [AlwaysInterleave, Alias("OrganizationChanged")]
    Task OrganizationChanged(OrganizationInfo organization);
}
