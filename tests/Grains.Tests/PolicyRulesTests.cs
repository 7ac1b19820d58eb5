using Insure.Grains.Policies;

namespace Insure.Grains.Tests;

public sealed class PolicyLifecycleTableTests
{
    /// <summary>The whole state machine, written out: every allowed (from, action) and where it leads.</summary>
    private static readonly Dictionary<(string, PolicyAction), string> Expected = new()
    {
        [("bound", PolicyAction.Activate)] = "active",
        [("bound", PolicyAction.Endorse)] = "bound",
        [("bound", PolicyAction.Cancel)] = "cancelled",
        [("bound", PolicyAction.ScheduleCancellation)] = "pending_cancellation",
        [("bound", PolicyAction.Renew)] = "bound",
        [("bound", PolicyAction.OfferRenewal)] = "bound",
        [("active", PolicyAction.Endorse)] = "active",
        [("active", PolicyAction.Cancel)] = "cancelled",
        [("active", PolicyAction.ScheduleCancellation)] = "pending_cancellation",
        [("active", PolicyAction.Renew)] = "active",
        [("active", PolicyAction.OfferRenewal)] = "active",
        [("active", PolicyAction.Expire)] = "expired",
        [("pending_cancellation", PolicyAction.CompleteCancellation)] = "cancelled",
        [("pending_cancellation", PolicyAction.Reinstate)] = "active",
        [("pending_cancellation", PolicyAction.ReinstateBeforeInception)] = "bound",
        [("cancelled", PolicyAction.Reinstate)] = "active",
    };

    public static IEnumerable<object[]> EveryPair() =>
        from status in new[] { "bound", "active", "pending_cancellation", "cancelled", "expired" }
        from action in Enum.GetNames<PolicyAction>()
        select new object[] { status, action };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void EveryTransition_IsAllowedOnlyWhereTheTableSays(string from, string actionName)
    {
        var action = Enum.Parse<PolicyAction>(actionName);
        Assert.Equal(Expected.GetValueOrDefault((from, action)), PolicyLifecycle.Next(from, action));
    }

    [Fact]
    public void ExpiredAndCancelledPolicies_CannotBeChanged()
    {
        foreach (var action in new[] { PolicyAction.Endorse, PolicyAction.Cancel, PolicyAction.Renew })
        {
            Assert.Null(PolicyLifecycle.Next("expired", action));
            Assert.Null(PolicyLifecycle.Next("cancelled", action));
        }
    }
}

public sealed class ProrationTests
{
    private static readonly DateOnly Start = new(2028, 1, 1);
    private static readonly DateOnly End = new(2029, 1, 1);

    [Fact]
    public void LeapYearTerm_Has366Days()
    {
        Assert.Equal(366, Proration.TermDays(Start, End));
        Assert.Equal(365, Proration.TermDays(new DateOnly(2027, 1, 1), new DateOnly(2028, 1, 1)));
        // Half of 1,000 over 183 of 366 days.
        Assert.Equal(500.00m, Proration.ProRata(1000m, new DateOnly(2028, 7, 2), Start, End));
    }

    [Fact]
    public void SameDayCancel_ReturnsEverything_AndCancelAtExpiry_ReturnsNothing()
    {
        var sameDay = Proration.Cancellation("pro_rata", 1200m, 0.05m, Start, Start, End);
        Assert.Equal(1200m, sameDay.ReturnPremium);
        Assert.Equal(60m, sameDay.ReturnTaxes);
        Assert.Equal(1260m, sameDay.TotalReturn);
        var atExpiry = Proration.Cancellation("pro_rata", 1200m, 0.05m, End, Start, End);
        Assert.Equal(0m, atExpiry.ReturnPremium);
        Assert.Equal(0, atExpiry.UnearnedDays);
    }

    [Fact]
    public void ProRata_ReturnsTheUnearnedDays()
    {
        // Cancelled 2028-10-01: 92 of 366 days unearned.
        var result = Proration.Cancellation("pro_rata", 1000m, 0m, new DateOnly(2028, 10, 1), Start, End);
        Assert.Equal(92, result.UnearnedDays);
        Assert.Equal(251.37m, result.ReturnPremium); // 1000 x 92 / 366 = 251.366...
    }

    [Theory]
    [InlineData("2028-02-01", 0.10)] // 31 of 366 days elapsed (8%)
    [InlineData("2028-05-01", 0.08)] // 121 days (33%)
    [InlineData("2028-08-01", 0.06)] // 213 days (58%)
    [InlineData("2028-12-01", 0.04)] // 335 days (92%)
    public void ShortRate_KeepsThePenaltyShareOfTheProRataReturn(string date, double share)
    {
        var cancel = DateOnly.Parse(date);
        var result = Proration.Cancellation("short_rate", 1000m, 0m, cancel, Start, End);
        Assert.Equal(Math.Round(result.ProRataReturn * (decimal)share, 2, MidpointRounding.AwayFromZero), result.ShortRatePenalty);
        Assert.Equal(result.ProRataReturn - result.ShortRatePenalty, result.ReturnPremium);
        Assert.True(result.ReturnPremium < Proration.Cancellation("pro_rata", 1000m, 0m, cancel, Start, End).ReturnPremium);
    }

    [Fact]
    public void Flat_ReturnsTheWholeWrittenPremium()
    {
        var result = Proration.Cancellation("flat", 987.65m, 0.0485m, new DateOnly(2028, 6, 1), Start, End);
        Assert.Equal(987.65m, result.ReturnPremium);
        Assert.Equal(47.90m, result.ReturnTaxes);
    }
}

public sealed class EndorsedCancellationTests
{
    [Fact]
    public void Cancellation_AfterAnEndorsement_EarnsEachVersionForItsOwnDays()
    {
        // $1,000 a year from 2026-01-01; endorsed to $2,000 a year from 2026-07-02 (182 of 365 days in).
        var start = new DateOnly(2026, 1, 1);
        var end = new DateOnly(2027, 1, 1);
        var endorsedOn = new DateOnly(2026, 7, 2);
        var delta = Proration.ProRata(1000m, endorsedOn, start, end);
        Assert.Equal(501.37m, delta);
        var written = 1000m + delta;
        (DateOnly, decimal)[] versions = [(start, 1000m), (endorsedOn, 2000m)];

        // Cancelled 2026-10-01: earned 1,000 x 182/365 + 2,000 x 91/365 = 997.26; 1,501.37 written -> 504.11 back.
        var result = Proration.Cancellation("pro_rata", written, 0m, versions, new DateOnly(2026, 10, 1), start, end);
        Assert.Equal(504.11m, result.ReturnPremium);

        // Cancelled before the endorsement took effect: its premium comes back whole.
        var early = Proration.Cancellation("pro_rata", written, 0m, versions, new DateOnly(2026, 4, 1), start, end);
        Assert.Equal(Math.Round(1000m * 275 / 365, 2, MidpointRounding.AwayFromZero) + delta, early.ReturnPremium);
    }

    [Fact]
    public void ReturnedTaxes_FollowTheTaxesWritten()
    {
        var start = new DateOnly(2026, 1, 1);
        var end = new DateOnly(2027, 1, 1);
        var result = Proration.Cancellation("flat", 1000m, 27m, [(start, 1000m)], start, start, end);
        Assert.Equal(1000m, result.ReturnPremium);
        Assert.Equal(27m, result.ReturnTaxes);
    }
}
