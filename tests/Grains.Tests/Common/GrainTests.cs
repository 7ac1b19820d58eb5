using Insure.Grains.Queries;

namespace Insure.Grains.Tests.Common;

[Collection(ClusterCollection.Name)]
public sealed class GrainTests(ClusterFixture fixture)
{
    private static Tenant NewTenant() => new(Ids.New("org"), Tenant.Sandbox);

    [Fact]
    public async Task ApiKey_AuthenticatesOnlyItsOwnSecret()
    {
        var tenant = NewTenant();
        var keyId = Ids.New("key");
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId));
        var created = await grain.Create(new NewApiKey("k", ["events:read"], null, Actor.Platform));

        Assert.True(ApiKeyFormat.TryParse(created.Secret, out var parsedTenant, out var parsedId));
        Assert.Equal(tenant, parsedTenant);
        Assert.Equal(keyId, parsedId);
        var valid = await grain.Authenticate(ApiKeyFormat.Hash(created.Secret));
        Assert.Equal(ApiKeyStatus.Valid, valid.Status);
        Assert.Equal(["events:read"], valid.Scopes);
        Assert.Equal(ApiKeyStatus.Unknown, (await grain.Authenticate(ApiKeyFormat.Hash(created.Secret + "x"))).Status);
        var unknown = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(Ids.New("key")));
        Assert.Equal(ApiKeyStatus.Unknown, (await unknown.Authenticate(ApiKeyFormat.Hash(created.Secret))).Status);
    }

    [Fact]
    public async Task ApiKey_RevocationAndExpiry_TakeEffectImmediately()
    {
        var tenant = NewTenant();
        var expiring = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(Ids.New("key")));
        var expiringKey = await expiring.Create(new NewApiKey("e", ["*"], ClusterFixture.Clock.GetUtcNow().AddMinutes(5), Actor.Platform));
        var revoked = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(Ids.New("key")));
        var revokedKey = await revoked.Create(new NewApiKey("r", ["*"], null, Actor.Platform));

        await revoked.Revoke(Actor.Platform);
        Assert.Equal(ApiKeyStatus.Revoked, (await revoked.Authenticate(ApiKeyFormat.Hash(revokedKey.Secret))).Status);

        Assert.Equal(ApiKeyStatus.Valid, (await expiring.Authenticate(ApiKeyFormat.Hash(expiringKey.Secret))).Status);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ApiKeyStatus.Expired, (await expiring.Authenticate(ApiKeyFormat.Hash(expiringKey.Secret))).Status);
    }

    [Fact]
    public async Task RateLimitBucket_CountsAFixedWindowFromTheFirstRequest()
    {
        var bucket = fixture.Grains.GetGrain<IRateLimitBucketGrain>(NewTenant().KeyFor(Ids.New("key")));
        var start = ClusterFixture.Clock.GetUtcNow();
        for (var i = 1; i <= 3; i++)
        {
            var taken = await bucket.Take(3);
            Assert.True(taken.Allowed);
            Assert.Equal(3 - i, taken.Remaining);
            Assert.Equal(start.AddMinutes(1), taken.ResetAt);
        }
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False((await bucket.Take(3)).Allowed);
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await bucket.Take(3);
        Assert.True(next.Allowed);
        Assert.Equal(2, next.Remaining);
        Assert.Equal(start.AddMinutes(2), next.ResetAt);
    }

    [Fact]
    public async Task Idempotency_ReplaysMismatchesAndExpires()
    {
        var grain = fixture.Grains.GetGrain<IIdempotencyGrain>($"{NewTenant().KeyFor(Ids.New("key"))}/abc");
        Assert.Equal(IdempotencyOutcome.Proceed, (await grain.Begin("f1")).Outcome);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1")).Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await grain.Begin("f2")).Outcome);
        var response = new StoredResponse(201, "application/json", [1, 2, 3], "/v1/x");
        await grain.Complete("f1", response);

        var replay = await grain.Begin("f1");
        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal(201, replay.Response!.StatusCode);
        Assert.Equal([1, 2, 3], replay.Response.Body);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await grain.Begin("f2")).Outcome);

        ClusterFixture.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(IdempotencyOutcome.Proceed, (await grain.Begin("f2")).Outcome);
    }

    [Fact]
    public async Task Outbox_KeepsEventsWhenTheQueryStoreIsDown_AndDispatchesThemOnReactivation()
    {
        var tenant = NewTenant();
        var keyId = Ids.New("key");
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId));
        ClusterFixture.Queries.Down = true;
        try
        {
            await grain.Create(new NewApiKey("outboxed", ["*"], null, Actor.Platform));
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
