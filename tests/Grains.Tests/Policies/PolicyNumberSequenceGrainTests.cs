using Insure.Grains.Policies;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace Insure.Grains.Tests.Policies;

[Collection(ClusterCollection.Name)]
public sealed class PolicyNumberSequenceGrainTests(ClusterFixture fixture)
{
    private IPolicyNumberSequenceGrain NewSequence() =>
        fixture.Grains.GetGrain<IPolicyNumberSequenceGrain>($"{new Tenant(Ids.New("org"), Tenant.Sandbox).KeyFor("GL")}/2026");

    [Fact]
    public async Task ConcurrentCallers_GetEveryNumberOnce_ConsecutivelyAcrossBlocks()
    {
        var sequence = NewSequence();
        var numbers = await Task.WhenAll(Enumerable.Range(0, 75).Select(_ => sequence.Next()));
        Assert.Equal(Enumerable.Range(1, 75).Select(n => (long)n), numbers.Order());
    }

    [Fact]
    public async Task AGracefulDeactivation_HandsTheUnusedPartOfItsBlockBack()
    {
        var sequence = NewSequence();
        var first = new[] { await sequence.Next(), await sequence.Next(), await sequence.Next() };
        Assert.Equal(new long[] { 1, 2, 3 }, first);
        // One write reserved a block; the numbers came from memory.
        Assert.Equal(20, await Stored(sequence));

        await sequence.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(4, await sequence.Next());
        Assert.Equal(23, await Stored(sequence));
        await sequence.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(5, await sequence.Next());
    }

    /// <summary>The highest number the store holds as reserved.</summary>
    private async Task<long> Stored(IPolicyNumberSequenceGrain sequence)
    {
        var storage = fixture.Silo.GetRequiredKeyedService<IGrainStorage>(Names.Storage);
        var stored = new GrainState<PolicyNumberSequenceState>(new PolicyNumberSequenceState());
        await storage.ReadStateAsync("policyNumberSequence", sequence.GetGrainId(), stored);
        return stored.State?.Last ?? 0;
    }
}
