namespace Insure.Grains;

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
