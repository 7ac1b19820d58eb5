using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.RateLimits;

/// <summary>
/// A tenant's request windows (see <see cref="RateLimitRules"/>): one per key that made requests lately, and one for
/// the tenant. Counters live in the activation only; losing them on deactivation at most forgives part of one window.
/// </summary>
internal sealed class RateLimitBucketGrain([FromKeyedServices(InsureHosting.Clock)] TimeProvider time) : Grain, IRateLimitBucketGrain
{
    private RateWindow _tenant;
    private readonly Dictionary<string, RateWindow> _keys = new(StringComparer.Ordinal);

    public Task<RateLimitDecision> Take(string keyId, int keyLimit, int tenantLimit)
    {
        var now = time.GetUtcNow();
        foreach (var stale in RateLimitRules.Stale(_tenant, _keys, now))
        {
            _keys.Remove(stale);
        }
        var take = RateLimitRules.Take(_keys.GetValueOrDefault(keyId), _tenant, keyLimit, tenantLimit, now);
        _keys[keyId] = take.Key;
        _tenant = take.Tenant;
        return Task.FromResult(take.Decision);
    }
}
