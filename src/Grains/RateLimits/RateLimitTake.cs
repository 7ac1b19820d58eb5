namespace Insure.Grains.RateLimits;

/// <summary>A decided request: the answer to give, and the key's and the tenant's windows as they stand after it.</summary>
internal readonly record struct RateLimitTake(RateLimitDecision Decision, RateWindow Key, RateWindow Tenant);
