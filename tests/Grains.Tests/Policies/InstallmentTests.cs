using Insure.Grains.Policies;

namespace Insure.Grains.Tests.Policies;

public sealed class InstallmentTests
{
    [Theory]
    [InlineData("PIF", 1)]
    [InlineData("TWO_PAY", 2)]
    [InlineData("QUARTERLY", 4)]
    [InlineData("MONTHLY_10", 10)]
    [InlineData("MONTHLY_12", 12)]
    public void EveryPlan_SumsExactlyToTheTotal(string plan, int count)
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            var fees = random.Next(0, 3) * 75m;
            var total = fees + random.Next(10_000, 5_000_000) / 100m;
            var schedule = InstallmentSchedule.Build(plan, new DateOnly(2028, 1, 31), total, fees);
            Assert.Equal(count, schedule.Length);
            Assert.Equal(total, schedule.Sum(s => s.Amount));
            Assert.All(schedule, s => Assert.Equal(Math.Round(s.Amount, 2), s.Amount));
            Assert.All(schedule.Skip(1), s => Assert.Equal(schedule[1].Amount, s.Amount));
            Assert.True(schedule[0].Amount >= schedule[^1].Amount);
        }
    }

    [Fact]
    public void DueDates_FollowThePlan_AndClampToMonthEnds()
    {
        var schedule = InstallmentSchedule.Build("MONTHLY_12", new DateOnly(2028, 1, 31), 1200m, 0m);
        Assert.Equal(new DateOnly(2028, 2, 29), schedule[1].DueDate);
        Assert.Equal(new DateOnly(2028, 12, 31), schedule[11].DueDate);
        var quarterly = InstallmentSchedule.Build("QUARTERLY", new DateOnly(2026, 3, 1), 1000.01m, 0m);
        Assert.Equal([new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 1)], quarterly.Select(q => q.DueDate));
        Assert.Equal([250.01m, 250m, 250m, 250m], quarterly.Select(q => q.Amount));
    }
}
