namespace Insure.Grains.Tests.Organizations;

[Collection(ClusterCollection.Name)]
public sealed class OrganizationGrainTests(ClusterFixture fixture)
{
    private static Tenant NewTenant() => new(Ids.New("org"), Tenant.Sandbox);

    private async Task<Tenant> NewOrganization(string environment = Tenant.Sandbox)
    {
        var tenant = NewTenant() with { Environment = environment };
        await fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Create("Acme", Actor.Platform);
        return tenant;
    }

    [Fact]
    public async Task Organization_CapsLiveKeysPerEnvironment_AndForgetsRevokedAndExpiredOnes()
    {
        var tenant = await NewOrganization();
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId);
        var now = ClusterFixture.Clock.GetUtcNow();
        Assert.Equal(ApiKeyReservationOutcome.Reserved, (await organization.ReserveApiKey(Tenant.Sandbox, "key_a", null, 2)).Outcome);
        Assert.Equal(ApiKeyReservationOutcome.Reserved, (await organization.ReserveApiKey(Tenant.Sandbox, "key_b", now.AddMinutes(1), 2)).Outcome);
        var full = await organization.ReserveApiKey(Tenant.Sandbox, "key_c", null, 2);
        Assert.Equal(ApiKeyReservationOutcome.LimitReached, full.Outcome);
        Assert.Equal(2, full.Live);
        Assert.Equal(ApiKeyReservationOutcome.NotLiveApproved, (await organization.ReserveApiKey(Tenant.Production, "key_p", null, 2)).Outcome);

        await organization.ReleaseApiKey(Tenant.Sandbox, "key_a");
        Assert.Equal(ApiKeyReservationOutcome.Reserved, (await organization.ReserveApiKey(Tenant.Sandbox, "key_c", null, 2)).Outcome);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ApiKeyReservationOutcome.Reserved, (await organization.ReserveApiKey(Tenant.Sandbox, "key_d", null, 2)).Outcome);
        Assert.Equal(ApiKeyReservationOutcome.NoOrganization,
            (await fixture.Grains.GetGrain<IOrganizationGrain>(Ids.New("org")).ReserveApiKey(Tenant.Sandbox, "key_x", null, 2)).Outcome);
    }

    [Fact]
    public async Task Organization_CreateGetUpdate()
    {
        var id = Ids.New("org");
        var grain = fixture.Grains.GetGrain<IOrganizationGrain>(id);
        Assert.Null(await grain.Get());
        Assert.Null(await grain.Update(new OrganizationUpdate("enterprise", true, null)));
        var created = await grain.Create("Acme", Actor.Platform);
        Assert.Equal(OrganizationTiers.Standard, created.Tier);
        Assert.False(created.LiveApproved);
        var updated = await grain.Update(new OrganizationUpdate("enterprise", true, null));
        Assert.Equal("enterprise", updated!.Tier);
        Assert.True(updated.LiveApproved);
        Assert.Equal("Acme", updated.Name);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Create("Again", Actor.Platform));
    }
}
