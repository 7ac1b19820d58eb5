namespace Insure.Grains.Tests.Idempotency;

[Collection(ClusterCollection.Name)]
public sealed class IdempotencyGrainTests(ClusterFixture fixture)
{
    private const string Anchor = "req_01KAAAAAAAAAAAAAAAAAAAAAAA";

    private static Tenant NewTenant() => new(Ids.New("org"), Tenant.Sandbox);

    [Fact]
    public async Task Idempotency_ReplaysMismatchesAndExpires()
    {
        var grain = fixture.Grains.GetGrain<IIdempotencyGrain>($"{NewTenant().KeyFor(Ids.New("key"))}/abc");
        var start = await grain.Begin("f1", Anchor);
        Assert.Equal(IdempotencyOutcome.Proceed, start.Outcome);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1", Anchor)).Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await grain.Begin("f2", Anchor)).Outcome);
        var response = new StoredResponse(201, "application/json", [1, 2, 3], "/v1/x");
        await grain.Complete(start.Lease, response);

        var replay = await grain.Begin("f1", Anchor);
        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal(201, replay.Response!.StatusCode);
        Assert.Equal([1, 2, 3], replay.Response.Body);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await grain.Begin("f2", Anchor)).Outcome);

        ClusterFixture.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(IdempotencyOutcome.Proceed, (await grain.Begin("f2", Anchor)).Outcome);
    }

    [Fact]
    public async Task Idempotency_AStaleInFlightMarkerLapses_AndItsLeaseNoLongerCounts()
    {
        var key = $"{NewTenant().KeyFor(Ids.New("key"))}/stale";
        var grain = fixture.Grains.GetGrain<IIdempotencyGrain>(key);
        var crashed = await grain.Begin("f1", Anchor);
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1", Anchor)).Outcome);

        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await grain.Begin("f1", Anchor);
        Assert.Equal(IdempotencyOutcome.Proceed, retry.Outcome);
        // The first attempt turning up late neither frees the retry's key nor stores its own response.
        await grain.Release(crashed.Lease);
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1", Anchor)).Outcome);
        await grain.Complete(crashed.Lease, new StoredResponse(201, null, [1], null));
        Assert.Null(await ClusterFixture.Idempotency.Find(key));

        await grain.Complete(retry.Lease, new StoredResponse(201, null, [2], null));
        Assert.Equal([2], (await grain.Begin("f1", Anchor)).Response!.Body);
        Assert.Equal([2], (await ClusterFixture.Idempotency.Find(key))!.Response.Body);
    }

    [Fact]
    public async Task IdempotencySweep_DeletesOnlyExpiredRecords()
    {
        var expiring = $"{NewTenant().KeyFor(Ids.New("key"))}/old";
        var fresh = $"{NewTenant().KeyFor(Ids.New("key"))}/new";
        var first = fixture.Grains.GetGrain<IIdempotencyGrain>(expiring);
        await first.Complete((await first.Begin("f", Anchor)).Lease, new StoredResponse(200, null, [1], null));
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(12));
        var second = fixture.Grains.GetGrain<IIdempotencyGrain>(fresh);
        await second.Complete((await second.Begin("f", Anchor)).Lease, new StoredResponse(200, null, [2], null));
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(12));

        Assert.True(await fixture.Grains.GetGrain<IIdempotencySweepGrain>(0).Sweep() >= 1);
        Assert.Null(await ClusterFixture.Idempotency.Find(expiring));
        Assert.NotNull(await ClusterFixture.Idempotency.Find(fresh));
        Assert.Equal(IdempotencyOutcome.Replay, (await second.Begin("f", Anchor)).Outcome);
    }

    [Fact]
    public async Task TheBeginOfApiNodesBeforeAnchors_StillWorks_WithAnAnchorOfTheGrainsOwn()
    {
        var grain = fixture.Grains.GetGrain<IIdempotencyGrain>($"{NewTenant()}/key_1/old-node");
        var start = await grain.Begin("f1");
        Assert.Equal(IdempotencyOutcome.Proceed, start.Outcome);
        Assert.True(Ids.IsValid("req", start.Anchor));
        Assert.Equal(IdempotencyOutcome.InFlight, (await grain.Begin("f1")).Outcome);
    }
}
