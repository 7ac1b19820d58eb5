using Insure.Grains.Queries;

namespace Insure.Grains.Tests.Common;

[Collection(ClusterCollection.Name)]
public sealed class GrainTests(ClusterFixture fixture)
{
    private static Tenant NewTenant() => new(Ids.New("org"), Tenant.Sandbox);

    private static readonly byte[] SigningKey = System.Text.Encoding.UTF8.GetBytes("grain-tests-signing-secret-0123456789");

    /// <summary>A key as the Api creates one: composed and tagged outside the grain, which stores only the hash.</summary>
    private async Task<string> CreateKey(Tenant tenant, string keyId, string[] scopes, DateTimeOffset? expiresAt = null)
    {
        var key = ApiKeyFormat.Compose(tenant, keyId, ApiKeyFormat.NewSecret(), SigningKey);
        await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId))
            .Create(new NewApiKey("k", scopes, expiresAt, Actor.Platform, ApiKeyFormat.Hash(key), key[^4..]));
        return key;
    }

    private async Task<Tenant> NewOrganization(string environment = Tenant.Sandbox)
    {
        var tenant = NewTenant() with { Environment = environment };
        await fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Create("Acme", Actor.Platform);
        return tenant;
    }

    [Fact]
    public async Task ApiKey_AuthenticatesOnlyItsOwnSecret()
    {
        var tenant = await NewOrganization();
        var keyId = Ids.New("key");
        var secret = await CreateKey(tenant, keyId, ["events:read"]);
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId));

        Assert.True(ApiKeyFormat.TryParse(secret, out var parsedTenant, out var parsedId));
        Assert.Equal(tenant, parsedTenant);
        Assert.Equal(keyId, parsedId);
        Assert.True(ApiKeyFormat.HasValidTag(secret, SigningKey));
        var info = await grain.Get();
        Assert.Equal(secret[^4..], info!.Last4);
        var valid = await grain.Authenticate(ApiKeyFormat.Hash(secret));
        Assert.Equal(ApiKeyStatus.Valid, valid.Status);
        Assert.Equal(["events:read"], valid.Scopes);
        Assert.Equal(ApiKeyStatus.Unknown, (await grain.Authenticate(ApiKeyFormat.Hash(secret + "x"))).Status);
        var unknown = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(Ids.New("key")));
        Assert.Equal(ApiKeyStatus.Unknown, (await unknown.Authenticate(ApiKeyFormat.Hash(secret))).Status);
    }

    [Fact]
    public async Task ApiKey_RevocationAndExpiry_TakeEffectImmediately()
    {
        var tenant = await NewOrganization();
        var expiringId = Ids.New("key");
        var expiringKey = await CreateKey(tenant, expiringId, ["*"], ClusterFixture.Clock.GetUtcNow().AddMinutes(5));
        var revokedId = Ids.New("key");
        var revokedKey = await CreateKey(tenant, revokedId, ["*"]);
        var expiring = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(expiringId));
        var revoked = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(revokedId));

        await revoked.Revoke(Actor.Platform, revokerScopes: null);
        Assert.Equal(ApiKeyStatus.Revoked, (await revoked.Authenticate(ApiKeyFormat.Hash(revokedKey))).Status);

        Assert.Equal(ApiKeyStatus.Valid, (await expiring.Authenticate(ApiKeyFormat.Hash(expiringKey))).Status);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ApiKeyStatus.Expired, (await expiring.Authenticate(ApiKeyFormat.Hash(expiringKey))).Status);
    }

    [Fact]
    public async Task ApiKey_OfASuspendedOrUnapprovedOrganization_Fails()
    {
        var tenant = await NewOrganization(Tenant.Production);
        var organization = fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId);
        await organization.Update(new OrganizationUpdate(null, true, null));
        var keyId = Ids.New("key");
        var key = ApiKeyFormat.Hash(await CreateKey(tenant, keyId, ["*"]));
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId));
        Assert.Equal(ApiKeyStatus.Valid, (await grain.Authenticate(key)).Status);

        await organization.Update(new OrganizationUpdate(null, null, null, OrganizationStatuses.Suspended));
        Assert.Equal(ApiKeyStatus.OrganizationSuspended, (await grain.Authenticate(key)).Status);
        await organization.Update(new OrganizationUpdate(null, false, null, OrganizationStatuses.Active));
        Assert.Equal(ApiKeyStatus.LiveNotApproved, (await grain.Authenticate(key)).Status);
        await organization.Update(new OrganizationUpdate(null, true, null));
        Assert.Equal(ApiKeyStatus.Valid, (await grain.Authenticate(key)).Status);
    }

    [Fact]
    public async Task ApiKey_RevocationCascadesToTheKeysItCreated()
    {
        var tenant = await NewOrganization();
        var (parent, child, grandchild) = (Ids.New("key"), Ids.New("key"), Ids.New("key"));
        await CreateKey(tenant, parent, ["*"]);
        Assert.True(await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(parent)).AddChild(child));
        var childKey = await CreateKey(tenant, child, ["*"]);
        Assert.True(await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(child)).AddChild(grandchild));
        var grandchildKey = await CreateKey(tenant, grandchild, ["*"]);

        await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(parent)).Revoke(Actor.Platform, revokerScopes: null);

        Assert.Equal(ApiKeyStatus.Revoked, (await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(child)).Authenticate(ApiKeyFormat.Hash(childKey))).Status);
        Assert.Equal(ApiKeyStatus.Revoked, (await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(grandchild)).Authenticate(ApiKeyFormat.Hash(grandchildKey))).Status);
        Assert.False(await fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(parent)).AddChild(Ids.New("key")));
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

    [Fact]
    public async Task Idempotency_ReplaysMismatchesAndExpires()
    {
        var grain = fixture.Grains.GetGrain<IIdempotencyGrain>($"{NewTenant().KeyFor(Ids.New("key"))}/abc");
        var start = await grain.Begin("f1");
        Assert.Equal(IdempotencyOutcome.Proceed, start.Outcome);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1")).Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await grain.Begin("f2")).Outcome);
        var response = new StoredResponse(201, "application/json", [1, 2, 3], "/v1/x");
        await grain.Complete(start.Lease, response);

        var replay = await grain.Begin("f1");
        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal(201, replay.Response!.StatusCode);
        Assert.Equal([1, 2, 3], replay.Response.Body);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await grain.Begin("f2")).Outcome);

        ClusterFixture.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(IdempotencyOutcome.Proceed, (await grain.Begin("f2")).Outcome);
    }

    [Fact]
    public async Task Idempotency_AStaleInFlightMarkerLapses_AndItsLeaseNoLongerCounts()
    {
        var key = $"{NewTenant().KeyFor(Ids.New("key"))}/stale";
        var grain = fixture.Grains.GetGrain<IIdempotencyGrain>(key);
        var crashed = await grain.Begin("f1");
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1")).Outcome);

        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await grain.Begin("f1");
        Assert.Equal(IdempotencyOutcome.Proceed, retry.Outcome);
        // The first attempt turning up late neither frees the retry's key nor stores its own response.
        await grain.Release(crashed.Lease);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1")).Outcome);
        await grain.Complete(crashed.Lease, new StoredResponse(201, null, [1], null));
        Assert.Null(await ClusterFixture.Idempotency.Find(key));

        await grain.Complete(retry.Lease, new StoredResponse(201, null, [2], null));
        Assert.Equal([2], (await grain.Begin("f1")).Response!.Body);
        Assert.Equal([2], (await ClusterFixture.Idempotency.Find(key))!.Response.Body);
    }

    [Fact]
    public async Task IdempotencySweep_DeletesOnlyExpiredRecords()
    {
        var expiring = $"{NewTenant().KeyFor(Ids.New("key"))}/old";
        var fresh = $"{NewTenant().KeyFor(Ids.New("key"))}/new";
        var first = fixture.Grains.GetGrain<IIdempotencyGrain>(expiring);
        await first.Complete((await first.Begin("f")).Lease, new StoredResponse(200, null, [1], null));
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(12));
        var second = fixture.Grains.GetGrain<IIdempotencyGrain>(fresh);
        await second.Complete((await second.Begin("f")).Lease, new StoredResponse(200, null, [2], null));
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(12));

        Assert.True(await fixture.Grains.GetGrain<IIdempotencySweepGrain>(0).Sweep() >= 1);
        Assert.Null(await ClusterFixture.Idempotency.Find(expiring));
        Assert.NotNull(await ClusterFixture.Idempotency.Find(fresh));
        Assert.Equal(IdempotencyOutcome.Replay, (await second.Begin("f")).Outcome);
    }

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
