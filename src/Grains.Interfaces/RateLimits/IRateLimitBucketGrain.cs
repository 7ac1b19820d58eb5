namespace Insure.Grains;

/// <summary>
/// A per-key request counter over a one-minute window. Keyed `{orgId}/{environment}/{keyId}` (plus `/{class}`
/// for endpoint classes with their own limit). Held in memory only: counting a request never writes storage.
/// </summary>
[Alias("insure.IRateLimitBucketGrain")]
public interface IRateLimitBucketGrain : IGrainWithStringKey
{
    [Alias("Take")]
    Task<RateLimitDecision> Take(int limit);
}

[GenerateSerializer, Immutable, Alias("insure.rate-limit-decision")]
public sealed record RateLimitDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] DateTimeOffset ResetAt);
