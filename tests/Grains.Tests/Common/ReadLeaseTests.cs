using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Core.Internal;

namespace Insure.Grains.Tests.Common;

/// <summary>
/// What an entity does with the read leases it hands out (the Api side is tested through the HTTP API): a change tells
/// every holder before it answers, waits for one it cannot reach until that holder's lease has run out, and the first change of a new activation of a
/// stored entity waits out any lease an earlier activation may have handed out unseen.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReadLeaseTests(ClusterFixture fixture)
{
    /// <summary>A node that keeps copies, acknowledging every drop, or, when <see cref="Failing"/>, answering each with an error.</summary>
    private sealed class Holder : IReadLeaseHolder
    {
        public bool Failing { get; init; }
        public ConcurrentQueue<GrainId> Dropped { get; } = new();

        public Task Drop(GrainId entity)
        {
            Dropped.Enqueue(entity);
            return Failing ? Task.FromException(new InvalidOperationException("this node cannot drop its copy")) : Task.CompletedTask;
        }
    }

    /// <summary>The test cluster's read lease: the default.</summary>
    private static readonly TimeSpan Lease = new Hosting.InsureOptions().Orleans.ReadLease;

    private async Task<IApiKeyGrain> NewKey()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
        await fixture.Grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Create("Leases", Actor.Platform);
        var key = fixture.Grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(Ids.New("key")));
        Assert.NotNull((await key.Create(new NewApiKey("leased", ["*"], null, Actor.Platform, [1, 2, 3], "abcd"))).Value);
        return key;
    }

    [Fact]
    public async Task AHolderThatAcknowledges_IsToldBeforeTheChangeAnswers_AndOneThatFails_IsWaitedOut()
    {
        var key = await NewKey();
        var listening = new Holder();
        var client = fixture.Cluster.Client;
        var leased = Stopwatch.StartNew();
        var first = await key.Lease(client.CreateObjectReference<IReadLeaseHolder>(listening));
        // A node that answers with an error at once (as one gone from the cluster does): not known to have dropped its copy.
        var failing = new Holder { Failing = true };
        Assert.NotNull((await key.Lease(client.CreateObjectReference<IReadLeaseHolder>(failing))).Value);
        Assert.Equal(Lease, first.For);

        Assert.True(await key.AddChild("key_first"));

        Assert.True(leased.Elapsed >= Lease, $"the change answered {leased.Elapsed} after the leases, before the failing holder's ran out");
        Assert.Equal([key.GetGrainId()], listening.Dropped);
        Assert.Equal([key.GetGrainId()], failing.Dropped);
        // Both were ended: the next change (one that is stored) has no one to tell.
        Assert.True(await key.AddChild("key_second"));
        Assert.Single(listening.Dropped);
        Assert.Single(failing.Dropped);
    }

    [Fact]
    public async Task TheFirstChangeOfANewActivation_OfAStoredEntity_WaitsOutLeasesAnEarlierOneMayHaveHandedOut()
    {
        var key = await NewKey();
        await key.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        // This call activates the key again, from storage: it cannot know what the activation before handed out.
        var change = Stopwatch.StartNew();
        var revoked = await key.Revoke(Actor.Platform, null);

        Assert.NotNull(revoked.Value?.RevokedAt);
        Assert.True(change.Elapsed >= Lease, $"the first change of the new activation answered after {change.Elapsed}");
    }
}
