using Insure.Grains.Policies;

namespace Insure.Grains.Tests.Policies;

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
