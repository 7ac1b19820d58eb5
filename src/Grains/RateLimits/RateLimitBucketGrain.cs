using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.RateLimits;

/// <summary>
/// A fixed one-minute window that opens at the key's first request after the previous window closed.
/// Counters live in the activation only; losing them on deactivation at most forgives part of one window.
/// </summary>
internal sealed class RateLimitBucketGrain([FromKeyedServices(InsureHosting.Clock)] TimeProvider time) : Grain, IRateLimitBucketGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _count;

    public Task<RateLimitDecision> Take(int limit)
    {
        var now = time.GetUtcNow();
        if (now >= _windowStart + Window)
        {
            _windowStart = now;
            _count = 0;
        }
        var reset = _windowStart + Window;
        if (_count >= limit)
        {
            return Task.FromResult(new RateLimitDecision(false, limit, 0, reset));
        }
        _count++;
        return Task.FromResult(new RateLimitDecision(true, limit, limit - _count, reset));
    }
}
