namespace Insure.Grains.Tests.RateLimits;

[Collection(ClusterCollection.Name)]
public sealed class RateLimitBucketGrainTests(ClusterFixture fixture)
{
    /// <summary>Sandbox keys 3 a minute, the tenant twice that... unless a test says otherwise.</summary>
    private static readonly RateLimitSchedule Three = new(3, 1_000, 10_000, 2);

    private async Task<Tenant> NewTenant(string environment = Tenant.Sandbox)
    {
        var tenant = new Tenant(Ids.New("org"), environment);
        await fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Create("Bucketeers", Actor.Platform);
        return tenant;
    }

    [Fact]
    public async Task RateLimitBucket_CountsAFixedWindowFromTheFirstRequest()
    {
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>((await NewTenant()).ToString());
        var start = ClusterFixture.Clock.GetUtcNow();
        for (var i = 1; i <= 3; i++)
        {
            var taken = await bucket.Take("key_a", Three);
            Assert.True(taken.Allowed);
            Assert.Equal(3 - i, taken.Remaining);
            Assert.Equal(start.AddMinutes(1), taken.ResetAt);
        }
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False((await bucket.Take("key_a", Three)).Allowed);
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await bucket.Take("key_a", Three);
        Assert.True(next.Allowed);
        Assert.Equal(2, next.Remaining);
        Assert.Equal(start.AddMinutes(2), next.ResetAt);
    }

    [Fact]
    public async Task RateLimitBucket_CapsTheTenant_AndReportsTheTighterWindow()
    {
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>((await NewTenant()).ToString());
        var twoOfFour = new RateLimitSchedule(2, 1_000, 10_000, 2);
        Assert.Equal((2, 1, false), Report(await bucket.Take("key_a", twoOfFour)));
        Assert.Equal((2, 0, false), Report(await bucket.Take("key_a", twoOfFour)));
        Assert.Equal((2, 1, false), Report(await bucket.Take("key_b", twoOfFour)));
        // key_c has 1 left of its own but the tenant none: the tenant's window is the one reported.
        Assert.Equal((4, 0, true), Report(await bucket.Take("key_c", twoOfFour)));
        var refused = await bucket.Take("key_d", twoOfFour);
        Assert.False(refused.Allowed);
        Assert.True(refused.TenantWide);
        // A key over its own limit is refused on its own account.
        var own = await bucket.Take("key_a", twoOfFour);
        Assert.False(own.Allowed);
        Assert.False(own.TenantWide);

        static (int, int, bool) Report(RateLimitDecision decision)
        {
            Assert.True(decision.Allowed);
            return (decision.Limit, decision.Remaining, decision.TenantWide);
        }
    }

    [Fact]
    public async Task RateLimitBucket_AppliesTheOrganizationsStanding_AsSoonAsItChanges()
    {
        var tenant = await NewTenant();
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId);
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>(tenant.ToString());
        Assert.True((await bucket.Take("key_a", Three)).Allowed);

        await organization.Update(new OrganizationUpdate(null, null, null, OrganizationStatuses.Suspended));
        var suspended = await bucket.Take("key_a", Three);
        Assert.Equal(ApiKeyStatus.OrganizationSuspended, suspended.Admission);
        Assert.False(suspended.Allowed);

        await organization.Update(new OrganizationUpdate(null, null, null, OrganizationStatuses.Active));
        var back = await bucket.Take("key_a", Three);
        Assert.Equal(ApiKeyStatus.Valid, back.Admission);
        Assert.Equal(1, back.Remaining); // the refused request was not counted
    }

    [Fact]
    public async Task RateLimitBucket_InProduction_FollowsLiveApprovalAndTier()
    {
        var tenant = await NewTenant(Tenant.Production);
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId);
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>(tenant.ToString());
        Assert.Equal(ApiKeyStatus.LiveNotApproved, (await bucket.Take("key_a", Three)).Admission);

        await organization.Update(new OrganizationUpdate(null, true, null, null));
        Assert.Equal(1_000, (await bucket.Take("key_a", Three)).Limit);
        await organization.Update(new OrganizationUpdate(OrganizationTiers.Enterprise, null, null, null));
        Assert.Equal(10_000, (await bucket.Take("key_a", Three)).Limit);
    }

    [Fact]
    public async Task RateLimitBucket_OfAnOrganizationThatDoesNotExist_AdmitsNothing()
    {
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>(new Tenant(Ids.New("org"), Tenant.Sandbox).ToString());
        Assert.Equal(ApiKeyStatus.Unknown, (await bucket.Take("key_a", Three)).Admission);
    }
}
