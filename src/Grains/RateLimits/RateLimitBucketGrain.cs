using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.RateLimits;

/// <summary>
/// Fixed one-minute windows, each opening at its first request after the previous one closed: one per key that
/// made requests lately, and one for the tenant. A request is counted in both or in neither, and a key over its
/// own limit is refused before it touches the tenant's window, so one busy key cannot starve the others.
/// Counters live in the activation only; losing them on deactivation at most forgives part of one window.
/// </summary>
internal sealed class RateLimitBucketGrain([FromKeyedServices(InsureHosting.Clock)] TimeProvider time) : Grain, IRateLimitBucketGrain
{
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(1);
    private readonly Window _tenant = new();
    private readonly Dictionary<string, Window> _keys = new(StringComparer.Ordinal);

    public Task<RateLimitDecision> Take(string keyId, int keyLimit, int tenantLimit)
    {
        var now = time.GetUtcNow();
        if (_tenant.Roll(now))
        {
            // Windows of keys that went quiet are dropped once a minute, so the map holds only recently active keys.
            foreach (var stale in _keys.Where(k => k.Value.ClosedAt(now)).Select(k => k.Key).ToList())
            {
                _keys.Remove(stale);
            }
        }
        if (!_keys.TryGetValue(keyId, out var key))
        {
            _keys[keyId] = key = new Window();
        }
        key.Roll(now);

        if (key.Count >= keyLimit)
        {
            return Task.FromResult(new RateLimitDecision(false, keyLimit, 0, key.ResetAt));
        }
        if (_tenant.Count >= tenantLimit)
        {
            return Task.FromResult(new RateLimitDecision(false, tenantLimit, 0, _tenant.ResetAt, TenantWide: true));
        }
        key.Count++;
        _tenant.Count++;
        var keyLeft = keyLimit - key.Count;
        var tenantLeft = tenantLimit - _tenant.Count;
        return Task.FromResult(tenantLeft < keyLeft
            ? new RateLimitDecision(true, tenantLimit, tenantLeft, _tenant.ResetAt, TenantWide: true)
            : new RateLimitDecision(true, keyLimit, keyLeft, key.ResetAt));
    }

    private sealed class Window
    {
        private DateTimeOffset _start = DateTimeOffset.MinValue;
        public int Count;

        public DateTimeOffset ResetAt => _start + Length;

        public bool ClosedAt(DateTimeOffset now) => now >= ResetAt;

        /// <summary>Opens a new window if the current one has closed; true when it did.</summary>
        public bool Roll(DateTimeOffset now)
        {
            if (!ClosedAt(now))
            {
                return false;
            }
            _start = now;
            Count = 0;
            return true;
        }
    }
}
