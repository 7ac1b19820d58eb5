using Insure.Grains.AgencyTokens;

namespace Insure.Grains.Tests.AgencyTokens;

public sealed class AgencyTokenKeyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Overlap = TimeSpan.FromDays(7);

    private static AgencyTokenKey Key(string id, DateTimeOffset createdAt) => new(id, [1], [2], [3], createdAt);

    [Fact]
    public void TheFirstKey_IsMadeOnlyWhenThereIsNone()
    {
        var first = AgencyTokenKeyRules.Rotate([], Key("k1", Now), replacing: null, Overlap, Now)!;
        Assert.Equal("k1", Assert.Single(first).KeyId);
        // A second node racing to make the first key finds one already there.
        Assert.Null(AgencyTokenKeyRules.Rotate(first, Key("k2", Now), replacing: null, Overlap, Now));
    }

    [Fact]
    public void Rotating_RetiresTheActiveKey_WhichVerifiesForTheOverlap_ThenIsDropped()
    {
        var keys = AgencyTokenKeyRules.Rotate([], Key("k1", Now), null, Overlap, Now)!;
        var later = Now.AddDays(1);
        var rotated = AgencyTokenKeyRules.Rotate(keys, Key("k2", later), "k1", Overlap, later)!;
        Assert.Equal(["k2", "k1"], rotated.Select(k => k.KeyId));
        Assert.Null(rotated[0].RetiredAt);
        Assert.Equal((later, later + Overlap), (rotated[1].RetiredAt!.Value, rotated[1].VerifyUntil!.Value));

        Assert.Equal(["k2", "k1"], AgencyTokenKeyRules.Verifying(rotated, later + Overlap - TimeSpan.FromSeconds(1)).Select(k => k.KeyId));
        Assert.Equal(["k2"], AgencyTokenKeyRules.Verifying(rotated, later + Overlap).Select(k => k.KeyId));

        // A rotation after the window drops the old key from what is stored.
        var third = AgencyTokenKeyRules.Rotate(rotated, Key("k3", later + Overlap), "k2", Overlap, later + Overlap)!;
        Assert.Equal(["k3", "k2"], third.Select(k => k.KeyId));
    }

    [Fact]
    public void Rotating_AKeyThatIsNoLongerActive_ChangesNothing()
    {
        var keys = AgencyTokenKeyRules.Rotate([], Key("k1", Now), null, Overlap, Now)!;
        var rotated = AgencyTokenKeyRules.Rotate(keys, Key("k2", Now), "k1", Overlap, Now)!;
        Assert.Null(AgencyTokenKeyRules.Rotate(rotated, Key("k3", Now), "k1", Overlap, Now));
    }
}
