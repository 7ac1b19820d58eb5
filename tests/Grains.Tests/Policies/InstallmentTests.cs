using Insure.Grains.Policies;

namespace Insure.Grains.Tests.Policies;

public sealed class InstallmentTests
{
    /// <summary>
    /// Property: for thousands of random premiums, tax amounts, fees and effective dates, every plan's invoice lines sum
    /// exactly to the total due, each kind of line to its own amount, in whole cents, none negative, and the
    /// installments' amounts are their lines' sums.
    /// </summary>
    [Theory]
    [InlineData("PIF", 1, 12)]
    [InlineData("TWO_PAY", 2, 6)]
    [InlineData("QUARTERLY", 4, 3)]
    [InlineData("MONTHLY_10", 10, 1)]
    [InlineData("MONTHLY_12", 12, 1)]
    public void EveryPlan_SumsExactlyToTheTotal_LineByLine(string plan, int count, int everyMonths)
    {
        var random = new Random(plan.GetHashCode(StringComparison.Ordinal) ^ 42);
        for (var i = 0; i < 3_000; i++)
        {
            // From a few cents (fewer cents than installments) to ten million, with odd cents most of the time.
            var premium = random.Next(0, 4) == 0 ? random.Next(1, 12) / 100m : random.NextInt64(100, 1_000_000_000) / 100m;
            var taxes = random.Next(0, 3) == 0 ? 0m : Math.Round(premium * random.Next(0, 900) / 10_000m, 2);
            var fees = random.Next(0, 3) * 75m + random.Next(0, 2) * 0.01m;
            var effective = new DateOnly(2024, 1, 1).AddDays(random.Next(0, 3 * 366));

            var lines = InstallmentSchedule.Lines(plan, effective, premium, taxes, fees);
            var installments = InstallmentSchedule.Build(plan, effective, premium, taxes, fees);

            Assert.Equal(count, lines.Length);
            var all = lines.SelectMany(l => l.Lines).ToList();
            Assert.Equal(premium + taxes + fees, all.Sum(l => l.Amount));
            Assert.Equal(premium, all.Where(l => l.Kind == "premium").Sum(l => l.Amount));
            Assert.Equal(taxes, all.Where(l => l.Kind == "taxes").Sum(l => l.Amount));
            Assert.Equal(fees, all.Where(l => l.Kind == "fees").Sum(l => l.Amount));
            Assert.All(all, l => Assert.True(l.Amount >= 0 && Math.Round(l.Amount, 2) == l.Amount, $"{l.Kind} {l.Amount}"));
            Assert.Equal(premium + taxes + fees, installments.Sum(s => s.Amount));
            Assert.Equal(lines.Select(l => l.Lines.Sum(x => x.Amount)), installments.Select(s => s.Amount));
            Assert.Equal(Enumerable.Range(0, count).Select(k => effective.AddMonths(k * everyMonths)), lines.Select(l => l.DueDate));
            Assert.All(installments.Skip(1), s => Assert.Equal(installments[^1].Amount, s.Amount));
        }
    }

    [Fact]
    public void DueDates_FollowThePlan_AndClampToMonthEnds()
    {
        var schedule = InstallmentSchedule.Build("MONTHLY_12", new DateOnly(2028, 1, 31), 1200m, 0m, 0m);
        Assert.Equal(new DateOnly(2028, 2, 29), schedule[1].DueDate);
        Assert.Equal(new DateOnly(2028, 12, 31), schedule[11].DueDate);
        var quarterly = InstallmentSchedule.Build("QUARTERLY", new DateOnly(2026, 3, 1), 1000.01m, 0m, 0m);
        Assert.Equal([new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 1)], quarterly.Select(q => q.DueDate));
        Assert.Equal([250.01m, 250m, 250m, 250m], quarterly.Select(q => q.Amount));
    }

    [Fact]
    public void TheFirstInstallment_CarriesTheFeesAndTheOddCents_OfPremiumAndTaxesAlike()
    {
        var lines = InstallmentSchedule.Lines("TWO_PAY", new DateOnly(2027, 1, 1), 1000.01m, 50.03m, 150m);
        Assert.Equal([("premium", 500.01m), ("taxes", 25.02m), ("fees", 150m)], lines[0].Lines.Select(l => (l.Kind, l.Amount)));
        Assert.Equal([("premium", 500m), ("taxes", 25.01m)], lines[1].Lines.Select(l => (l.Kind, l.Amount)));
    }
}
