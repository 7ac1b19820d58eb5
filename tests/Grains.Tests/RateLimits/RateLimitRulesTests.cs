using Insure.Grains.RateLimits;

namespace Insure.Grains.Tests.RateLimits;

public sealed class RateLimitRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static RateWindow Opened(DateTimeOffset start, int count) => new(start, count);

    [Fact]
    public void Take_TheFirstRequest_OpensBothWindowsNow()
    {
        var take = RateLimitRules.Take(default, default, 3, 100, Now);
        Assert.Equal(new RateLimitDecision(true, 3, 2, Now.AddMinutes(1)), take.Decision);
        Assert.Equal(Opened(Now, 1), take.Key);
        Assert.Equal(Opened(Now, 1), take.Tenant);
    }

    [Fact]
    public void Take_TheLastAllowedRequest_LeavesNone_AndTheNextIsRefused()
    {
        var start = Now.AddSeconds(-30);
        var last = RateLimitRules.Take(Opened(start, 2), Opened(start, 2), 3, 100, Now);
        Assert.Equal(new RateLimitDecision(true, 3, 0, start.AddMinutes(1)), last.Decision);
        var refused = RateLimitRules.Take(last.Key, last.Tenant, 3, 100, Now);
        Assert.Equal(new RateLimitDecision(false, 3, 0, start.AddMinutes(1)), refused.Decision);
        Assert.Equal(Opened(start, 3), refused.Key);
    }

    [Fact]
    public void Take_ExactlyAtTheReset_OpensTheNextWindow_ATickBeforeStillCountsInTheOld()
    {
        var start = Now.AddMinutes(-1);
        var full = Opened(start, 3);
        var justBefore = RateLimitRules.Take(full, Opened(start, 3), 3, 100, Now.AddTicks(-1));
        Assert.False(justBefore.Decision.Allowed);
        Assert.Equal(Now, justBefore.Decision.ResetAt);

        var atReset = RateLimitRules.Take(full, Opened(start, 3), 3, 100, Now);
        Assert.Equal(new RateLimitDecision(true, 3, 2, Now.AddMinutes(1)), atReset.Decision);
        Assert.Equal(Opened(Now, 1), atReset.Key);
        Assert.Equal(Opened(Now, 1), atReset.Tenant);
    }

    [Fact]
    public void Take_AKeyOverItsLimit_IsRefusedOnItsOwnAccount_WithoutSpendingTheTenantsWindow()
    {
        var take = RateLimitRules.Take(Opened(Now, 3), Opened(Now.AddSeconds(-10), 50), 3, 50, Now);
        Assert.Equal(new RateLimitDecision(false, 3, 0, Now.AddMinutes(1)), take.Decision);
        Assert.Equal(Opened(Now.AddSeconds(-10), 50), take.Tenant);
        Assert.Equal(Opened(Now, 3), take.Key);
    }

    [Fact]
    public void Take_ATenantOverItsLimit_IsRefusedTenantWide_AndTheKeyKeepsItsCount()
    {
        var tenantStart = Now.AddSeconds(-10);
        var take = RateLimitRules.Take(Opened(Now, 1), Opened(tenantStart, 4), 3, 4, Now);
        Assert.Equal(new RateLimitDecision(false, 4, 0, tenantStart.AddMinutes(1), TenantWide: true), take.Decision);
        Assert.Equal(Opened(Now, 1), take.Key);
        Assert.Equal(Opened(tenantStart, 4), take.Tenant);
    }

    [Fact]
    public void Take_ReportsTheWindowWithFewerLeft_TheKeysOnATie()
    {
        var tenantStart = Now.AddSeconds(-20);
        // key 3 - 1 = 2 left, tenant 4 - 3 = 1 left: the tenant's.
        Assert.Equal(new RateLimitDecision(true, 4, 1, tenantStart.AddMinutes(1), TenantWide: true),
            RateLimitRules.Take(default, Opened(tenantStart, 2), 3, 4, Now).Decision);
        // 2 left each: the key's.
        Assert.Equal(new RateLimitDecision(true, 3, 2, Now.AddMinutes(1)),
            RateLimitRules.Take(default, Opened(tenantStart, 1), 3, 4, Now).Decision);
        // key 1 left, tenant 98: the key's.
        Assert.Equal(new RateLimitDecision(true, 3, 1, Now.AddMinutes(1)),
            RateLimitRules.Take(Opened(Now, 1), Opened(tenantStart, 1), 3, 100, Now).Decision);
    }

    [Fact]
    public void Roll_KeepsAnOpenWindow_AndOpensAnEmptyOneOnceClosed()
    {
        var open = Opened(Now.AddSeconds(-59), 7);
        Assert.Equal(open, RateLimitRules.Roll(open, Now));
        Assert.Equal(Opened(Now, 0), RateLimitRules.Roll(Opened(Now.AddMinutes(-1), 7), Now));
        Assert.True(RateLimitRules.IsClosed(default, Now));
        Assert.Equal(Now.AddMinutes(1), RateLimitRules.ResetAt(Opened(Now, 0)));
    }

    [Fact]
    public void Stale_OnlyOnceTheTenantsWindowCloses_AndThenEveryClosedKeyWindow()
    {
        var keys = new Dictionary<string, RateWindow>
        {
            ["key_quiet"] = Opened(Now.AddMinutes(-5), 1),
            ["key_at_reset"] = Opened(Now.AddMinutes(-1), 1),
            ["key_busy"] = Opened(Now.AddSeconds(-59), 1),
        };
        Assert.Empty(RateLimitRules.Stale(Opened(Now.AddSeconds(-30), 9), keys, Now));
        Assert.Equal(["key_at_reset", "key_quiet"], RateLimitRules.Stale(Opened(Now.AddMinutes(-1), 9), keys, Now).Order());
    }
}
