namespace Insure.Grains.Tests.Common;

public sealed class IdsTests
{
    [Fact]
    public void ADerivedId_IsStable_SortsWithItsSource_AndDiffersPerSeed()
    {
        var source = Ids.New("evt");
        var first = Ids.Derived("dlv", source, "whk_1/" + source);
        Assert.Equal(first, Ids.Derived("dlv", source, "whk_1/" + source));
        Assert.NotEqual(first, Ids.Derived("dlv", source, "whk_2/" + source));
        Assert.True(Ids.IsValid("dlv", first));
        Assert.Equal(source[4..14], first[4..14]);
    }

    [Fact]
    public void TimeOf_ReadsTheMillisecondAnIdSortsAt_WhateverMadeIt()
    {
        // A message id made at 2026-12-06 17:47:32.293 UTC (its first ten characters are the millisecond, 1796579252293).
        const string message = "msg_01M967FP2500000001KDAXXPY3";
        var at = new DateTimeOffset(2026, 12, 6, 17, 47, 32, 293, TimeSpan.Zero);
        Assert.Equal(at, Ids.TimeOf(message));
        Assert.Equal(at, Ids.TimeOf(Ids.Derived("msgreq", message, "seed")));
        var later = Ids.New("msgreq");
        Assert.True(Ids.TimeOf(later) > at);
        Assert.True(Ids.TimeOf(Ids.New("msgreq")) >= Ids.TimeOf(later));
    }

    [Fact]
    public void CreatedAfter_OrdersIdsOfAnyPrefix_EvenWithinOneTick()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        var webhook = Ids.New("whk", clock);
        var e = Ids.New("evt", clock);
        Assert.True(Ids.CreatedAfter(e, webhook));
        Assert.False(Ids.CreatedAfter(webhook, e));
        Assert.False(Ids.CreatedAfter(e, e));
    }

    [Fact]
    public void ASequencedId_CarriesItsSequence_AndIsWellFormed()
    {
        foreach (var sequence in new[] { 0L, 1L, 50L, 123_456L, (1L << 40) - 1 })
        {
            var id = Ids.WithSequence("msg", TimeProvider.System, sequence);
            Assert.True(Ids.IsValid("msg", id));
            Assert.Equal(sequence, Ids.SequenceOf(id));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Ids.WithSequence("msg", TimeProvider.System, 1L << 40));
    }
}
