using Insure.Grains.ApiKeys;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Insure.Grains.Tests.Events;

[Collection(ClusterCollection.Name)]
public sealed class OutboxGrainTests(ClusterFixture fixture)
{
    private static Tenant NewTenant() => new(Ids.New("org"), Tenant.Sandbox);

    [Fact]
    public async Task Outbox_KeepsEventsWhenTheQueryStoreIsDown_AndDispatchesThemOnReactivation()
    {
        var tenant = NewTenant();
        var keyId = Ids.New("key");
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId));
        await fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Create("Outboxed", Actor.Platform);
        ClusterFixture.Queries.Down = true;
        try
        {
            Assert.NotNull((await grain.Create(new NewApiKey("outboxed", ["*"], null, Actor.Platform, [1, 2, 3], "abcd"))).Value);
        }
        finally
        {
            ClusterFixture.Queries.Down = false;
        }
        Assert.Null(await ClusterFixture.Queries.Get(QueryKinds.ApiKey, tenant.ToString(), keyId));
        Assert.Equal(0, (await ClusterFixture.Queries.List(QueryKinds.Event, tenant.ToString(), QueryFilter.None, 1, 10)).Total);

        // The activation goes away (as on a silo restart); the next one finds the persisted outbox and dispatches it.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.NotNull(await grain.Get());

        Assert.NotNull(await ClusterFixture.Queries.Get(QueryKinds.ApiKey, tenant.ToString(), keyId));
        var events = await ClusterFixture.Queries.List(QueryKinds.Event, tenant.ToString(), QueryFilter.None, 1, 10);
        Assert.Single(events.Documents);
        Assert.Contains("api_key.created", events.Documents[0]);
    }

    [Fact]
    public async Task AChangeWhoseWriteFailed_IsNotStoredWhenItsActivationGoes()
    {
        var tenant = NewTenant();
        await fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Create("Unsaved", Actor.Platform);
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(Ids.New("key")));
        Assert.NotNull((await grain.Create(new NewApiKey("parent", ["*"], null, Actor.Platform, [1, 2, 3], "abcd"))).Value);

        // Its dispatched events leave the stored outbox stale, which the activation would store on its way out.
        ClusterFixture.Storage.FailNextWrite(grain.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => grain.AddChild("key_unsaved"));
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.NotNull(await grain.Get());

        var stored = new GrainState<ApiKeyState>(new ApiKeyState());
        await fixture.Silo.GetRequiredKeyedService<IGrainStorage>(Names.Storage).ReadStateAsync("apiKey", grain.GetGrainId(), stored);
        var state = Assert.IsType<ApiKeyState>(stored.State);
        Assert.Equal("parent", state.Name);
        Assert.DoesNotContain("key_unsaved", state.Children);
    }
}
