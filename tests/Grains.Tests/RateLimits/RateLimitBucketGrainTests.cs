namespace Insure.Grains.Tests.RateLimits;

[Collection(ClusterCollection.Name)]
public sealed class RateLimitBucketGrainTests(ClusterFixture fixture)
{
    private static Tenant NewTenant() => new(Ids.New("org"), Tenant.Sandbox);

    [Fact]
    public async Task RateLimitBucket_CountsAFixedWindowFromTheFirstRequest()
    {
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>(NewTenant().ToString());
        var start = ClusterFixture.Clock.GetUtcNow();
        for (var i = 1; i <= 3; i++)
        {
            var taken = await bucket.Take("key_a", 3, 100);
            Assert.True(taken.Allowed);
            Assert.Equal(3 - i, taken.Remaining);
            Assert.Equal(start.AddMinutes(1), taken.ResetAt);
        }
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False((await bucket.Take("key_a", 3, 100)).Allowed);
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await bucket.Take("key_a", 3, 100);
        Assert.True(next.Allowed);
        Assert.Equal(2, next.Remaining);
        Assert.Equal(start.AddMinutes(2), next.ResetAt);
    }

    [Fact]
    public async Task RateLimitBucket_CapsTheTenant_AndReportsTheTighterWindow()
    {
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>(NewTenant().ToString());
        Assert.Equal((3, 2, false), Report(await bucket.Take("key_a", 3, 4)));
        Assert.Equal((3, 1, false), Report(await bucket.Take("key_a", 3, 4)));
        // key_b has 2 left of its own but the tenant only 1: the tenant's window is the one reported.
        Assert.Equal((4, 1, true), Report(await bucket.Take("key_b", 3, 4)));
        Assert.Equal((4, 0, true), Report(await bucket.Take("key_c", 3, 4)));
        var refused = await bucket.Take("key_d", 3, 4);
        Assert.False(refused.Allowed);
        Assert.True(refused.TenantWide);
        // A key over its own limit is refused on its own account, without spending the tenant's window.
        var own = await bucket.Take("key_a", 1, 100);
        Assert.False(own.Allowed);
        Assert.False(own.TenantWide);

        static (int, int, bool) Report(RateLimitDecision decision)
        {
            Assert.True(decision.Allowed);
            return (decision.Limit, decision.Remaining, decision.TenantWide);
        }
    }
}
