using Insure.Grains.Queries;

namespace Insure.Grains.Tests.Producers;

/// <summary>
/// Producers on the test cluster: an agent is created only under an agency of its tenant, and its authority is judged
/// with its agency's state, read from the agency grain; what changes is summarized (tagged) for lists.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ProducerGrainTests(ClusterFixture fixture)
{
    private static readonly Actor By = Actor.ApiKey("key_test", "org_test");
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClocks.Start.UtcDateTime);

    private static Tenant NewTenant()
    {
        var tenant = new Tenant(Ids.New(IdPrefixes.Organization), Tenant.Sandbox);
        ClusterFixture.Clocks.Own(tenant.OrgId);
        return tenant;
    }

    private async Task<(IProducerGrain Grain, ProducerInfo Info)> Create(Tenant tenant, NewProducer request)
    {
        var id = Ids.New(IdPrefixes.Producer);
        var grain = fixture.Grains.GetGrain<IProducerGrain>(tenant.KeyFor(id));
        var created = await grain.Create(request);
        Assert.Null(created.Violation);
        return (grain, created.Value!);
    }

    private static ProducerLicense TexasGl => new("TX", "TX-1", ["GL"], Today.AddYears(1));

    [Fact]
    public async Task AnAgent_IsCreatedOnlyUnderAnAgencyOfItsOwnTenant()
    {
        var tenant = NewTenant();
        var (_, agency) = await Create(tenant, new NewProducer("agency", "Lone Star Brokers", null, null, null, "ls-1", null, By));
        var (_, agent) = await Create(tenant, new NewProducer("agent", "Ana Agent", "Ana@LoneStar.example", "123", agency.Id, null, null, By));
        Assert.Equal((agency.Id, ProducerStatuses.Active), (agent.AgencyId, agent.Status));

        async Task<RuleViolation> Refused(Tenant where, string agencyId) =>
            (await fixture.Grains.GetGrain<IProducerGrain>(where.KeyFor(Ids.New(IdPrefixes.Producer)))
                .Create(new NewProducer("agent", "Ben Agent", null, null, agencyId, null, null, By))).Violation!;
        Assert.Equal("not_found", (await Refused(NewTenant(), agency.Id)).Details!["rule"]);
        Assert.Equal("not_found", (await Refused(tenant, Ids.New(IdPrefixes.Producer))).Details!["rule"]);
        Assert.Equal("not_agency", (await Refused(tenant, agent.Id)).Details!["rule"]);

        var byAgency = await ClusterFixture.Queries.List(QueryKinds.Producer, tenant.ToString(),
            new QueryFilter(new Dictionary<string, string> { ["agencyId"] = agency.Id }), 1, 10);
        Assert.Contains(agent.Id, Assert.Single(byAgency.Documents));
        var listed = await ClusterFixture.Queries.List(QueryKinds.Producer, tenant.ToString(),
            new QueryFilter(new Dictionary<string, string> { ["email"] = "ana@lonestar.example", ["type"] = "agent" }), 1, 10);
        Assert.Equal(1, listed.Total);
        var byPartner = await ClusterFixture.Queries.List(QueryKinds.Producer, tenant.ToString(),
            new QueryFilter(new Dictionary<string, string> { ["partnerAgencyId"] = "ls-1" }), 1, 10);
        Assert.Contains(agency.Id, Assert.Single(byPartner.Documents));
    }

    [Fact]
    public async Task TheAgencysTokenGrain_HearsOfEveryStatusChange_AndAFreshActivationAsksTheProducers()
    {
        var tenant = NewTenant();
        var (agencyGrain, agency) = await Create(tenant, new NewProducer("agency", "Lone Star Brokers", null, null, null, null, null, By));
        var (agentGrain, agent) = await Create(tenant, new NewProducer("agent", "Ana Agent", null, null, agency.Id, null, null, By));
        var tokens = fixture.Grains.GetGrain<IAgencyTokensGrain>(tenant.KeyFor(agency.Id));
        Assert.True((await tokens.Check(0, agent.Id)).IsValid);
        Assert.True((await tokens.Check(1, null)).Revoked);

        await agentGrain.Update(new ProducerPatch(null, null, null, null, ProducerStatuses.Suspended, null, By));
        Assert.Equal(new AgencyTokenCheck(false, agent.Id, ProducerStatuses.Suspended), await tokens.Check(0, agent.Id));
        Assert.True((await tokens.Check(0, null)).IsValid);
        // A change told late (an older version) does not undo a newer one.
        await tokens.ProducerChanged(new ProducerStanding(agent.Id, ProducerStatuses.Active, 1));
        Assert.False((await tokens.Check(0, agent.Id)).IsValid);

        // The token grain keeps what it heard in memory only: a new activation asks the producers.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(new AgencyTokenCheck(false, agent.Id, ProducerStatuses.Suspended), await tokens.Check(0, agent.Id));
        await agencyGrain.Update(new ProducerPatch(null, null, null, null, ProducerStatuses.Terminated, null, By));
        Assert.Equal(new AgencyTokenCheck(false, agency.Id, ProducerStatuses.Terminated), await tokens.Check(0, null));
        var missing = Ids.New(IdPrefixes.Producer);
        Assert.Equal(new AgencyTokenCheck(false, missing, "unknown"), await fixture.Grains.GetGrain<IAgencyTokensGrain>(tenant.KeyFor(missing)).Check(0, null));
    }

    [Fact]
    public async Task AnAgentsAuthority_ComesFromItsAgency_AndEndsWhenTheAgencyIsSuspended()
    {
        var tenant = NewTenant();
        var (agencyGrain, agency) = await Create(tenant, new NewProducer("agency", "Lone Star Brokers", null, null, null, null, [TexasGl], By));
        var (agentGrain, agent) = await Create(tenant, new NewProducer("agent", "Ana Agent", null, null, agency.Id, null, null, By));

        var unappointed = await agentGrain.Authority("TX", "GL", Today);
        Assert.Equal((true, agency.Id), (unappointed.Found, unappointed.AgencyId));
        Assert.Contains($"agency {agency.Id} has no appointment for GL in TX", unappointed.Missing);

        var appointment = (await agencyGrain.Appoint(new NewAppointment("TX", "GL", Today, By))).Value!;
        Assert.StartsWith("apt_", appointment.Id);
        Assert.Empty((await agentGrain.Authority("TX", "GL", Today)).Missing);
        Assert.Equal(appointment, Assert.Single((await agencyGrain.Get())!.Appointments));

        Assert.Equal(ProducerStatuses.Suspended, (await agencyGrain.Update(new ProducerPatch(null, null, null, null, "suspended", null, By))).Value!.Status);
        Assert.Equal([$"agency {agency.Id} is suspended"], (await agentGrain.Authority("TX", "GL", Today)).Missing);

        var nobody = await fixture.Grains.GetGrain<IProducerGrain>(tenant.KeyFor(Ids.New(IdPrefixes.Producer))).Authority("TX", "GL", Today);
        Assert.False(nobody.Found);
        Assert.Null(await fixture.Grains.GetGrain<IProducerGrain>(NewTenant().KeyFor(agent.Id)).Get());
    }
}
