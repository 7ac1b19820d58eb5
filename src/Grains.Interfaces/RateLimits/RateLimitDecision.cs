namespace Insure.Grains;

/// <summary>
/// Whether a request may proceed, and the tighter of the two windows (the one with fewer requests left) to report
/// in the `X-RateLimit-*` headers. <see cref="TenantWide"/> says the tenant's window is the one reported.
/// <see cref="Admission"/> is the organization's word on the tenant's keys (suspended, not approved for live use):
/// anything but <see cref="ApiKeyStatus.Valid"/> refuses the request before it is counted.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.rate-limit-decision")]
public sealed record RateLimitDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] DateTimeOffset ResetAt,
    [property: Id(4)] bool TenantWide = false,
    [property: Id(5)] ApiKeyStatus Admission = ApiKeyStatus.Valid)
{
    /// <summary>Refused by the organization; nothing was counted.</summary>
    public static RateLimitDecision NotAdmitted(ApiKeyStatus admission) => new(false, 0, 0, default, false, admission);
}
