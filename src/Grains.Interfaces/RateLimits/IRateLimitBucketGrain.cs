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

/// <summary>
/// Whether a request may proceed, and the tighter of the two windows (the one with fewer requests left) to report
/// in the `X-RateLimit-*` headers. <see cref="TenantWide"/> says the tenant's window is the one reported.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.rate-limit-decision")]
public sealed record RateLimitDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] DateTimeOffset ResetAt,
    [property: Id(4)] bool TenantWide = false);
