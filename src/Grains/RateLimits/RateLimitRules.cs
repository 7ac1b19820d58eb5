namespace Insure.Grains.RateLimits;

/// <summary>
/// Every rate-limit decision, as pure functions over <see cref="RateWindow"/>s: fixed one-minute windows, each opening
/// at its first request after the previous one closed, one per key and one for the tenant.
/// </summary>
internal static class RateLimitRules
{
    public static readonly TimeSpan WindowLength = TimeSpan.FromMinutes(1);

    public static DateTimeOffset ResetAt(RateWindow window) => window.Start + WindowLength;

    /// <summary>A window is closed from the instant it resets: a request exactly then opens the next one.</summary>
    public static bool IsClosed(RateWindow window, DateTimeOffset now) => now >= ResetAt(window);

    /// <summary>The window to count <paramref name="now"/> in: the same one while open, else an empty one opening now.</summary>
    public static RateWindow Roll(RateWindow window, DateTimeOffset now) => IsClosed(window, now) ? new RateWindow(now, 0) : window;

    /// <summary>
    /// One request of a key. A request is counted in both windows or in neither; a key over its own limit is refused
    /// before the tenant's window is looked at, so one busy key cannot spend the others' share. An allowed request
    /// reports the tighter window (fewer left; the key's on a tie), a refused one the window that refused it.
    /// </summary>
    public static RateLimitTake Take(RateWindow key, RateWindow tenant, int keyLimit, int tenantLimit, DateTimeOffset now)
    {
        key = Roll(key, now);
        tenant = Roll(tenant, now);
        if (key.Count >= keyLimit)
        {
            return new RateLimitTake(new RateLimitDecision(false, keyLimit, 0, ResetAt(key)), key, tenant);
        }
        if (tenant.Count >= tenantLimit)
        {
            return new RateLimitTake(new RateLimitDecision(false, tenantLimit, 0, ResetAt(tenant), TenantWide: true), key, tenant);
        }
        key = key with { Count = key.Count + 1 };
        tenant = tenant with { Count = tenant.Count + 1 };
        var keyLeft = keyLimit - key.Count;
        var tenantLeft = tenantLimit - tenant.Count;
        var decision = tenantLeft < keyLeft
            ? new RateLimitDecision(true, tenantLimit, tenantLeft, ResetAt(tenant), TenantWide: true)
            : new RateLimitDecision(true, keyLimit, keyLeft, ResetAt(key));
        return new RateLimitTake(decision, key, tenant);
    }

    /// <summary>
    /// Up to <paramref name="count"/> requests of a key at once, each a <see cref="Take"/> in turn: the decisions of those
    /// allowed, stopping at the first refusal, which is the one decision when the first request is refused.
    /// </summary>
    public static (RateLimitDecision[] Decisions, RateWindow Key, RateWindow Tenant) Lease(
        RateWindow key, RateWindow tenant, int keyLimit, int tenantLimit, DateTimeOffset now, int count)
    {
        var decisions = new List<RateLimitDecision>(count);
        for (var i = 0; i < count; i++)
        {
            var take = Take(key, tenant, keyLimit, tenantLimit, now);
            (key, tenant) = (take.Key, take.Tenant);
            if (take.Decision.Allowed || decisions.Count == 0)
            {
                decisions.Add(take.Decision);
            }
            if (!take.Decision.Allowed)
            {
                break;
            }
        }
        return ([.. decisions], key, tenant);
    }

    /// <summary>
    /// The keys whose windows to forget: checked once a minute, when the tenant's window has closed, and then every
    /// closed key window goes, so memory holds only keys active lately. A forgotten window counts as closed anyway.
    /// </summary>
    public static IReadOnlyList<string> Stale(RateWindow tenant, IReadOnlyDictionary<string, RateWindow> keys, DateTimeOffset now) =>
        IsClosed(tenant, now) ? keys.Where(k => IsClosed(k.Value, now)).Select(k => k.Key).ToList() : [];
}
