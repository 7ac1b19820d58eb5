namespace Insure.Grains;

/// <summary>
/// A tenant's request counters over one-minute windows: one per API key and one for the tenant as a whole, so
/// that more keys do not mean more throughput. Keyed `{orgId}/{environment}`. Held in memory only: counting a
/// request never writes storage.
/// </summary>
[Alias("insure.IRateLimitBucketGrain")]
public interface IRateLimitBucketGrain : IGrainWithStringKey
{
    /// <summary>Counts one request of <paramref name="keyId"/> if both its key's and its tenant's windows have room.</summary>
    [Alias("TakeForKey")]
    Task<RateLimitDecision> Take(string keyId, int keyLimit, int tenantLimit);
}
