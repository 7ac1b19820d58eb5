using Insure.Grains.Policies;

namespace Insure.Grains.Tests.Policies;

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
