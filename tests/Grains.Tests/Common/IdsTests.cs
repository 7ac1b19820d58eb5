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
    public void CreatedAfter_OrdersIdsOfAnyPrefix_EvenWithinOneTick()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        var webhook = Ids.New("whk", clock);
        var e = Ids.New("evt", clock);
        Assert.True(Ids.CreatedAfter(e, webhook));
        Assert.False(Ids.CreatedAfter(webhook, e));
        Assert.False(Ids.CreatedAfter(e, e));
    }
}
