using Insure.Grains.Products;

namespace Insure.Grains.Policies;

/// <summary>Splits what a policy costs into installments whose amounts sum exactly to the total due.</summary>
internal static class InstallmentSchedule
{
    /// <summary>Number of installments and months between them, per plan.</summary>
    public static (int Count, int EveryMonths) Shape(string plan) => plan switch
    {
        InstallmentPlans.PayInFull => (1, 12),
        InstallmentPlans.TwoPay => (2, 6),
        InstallmentPlans.Quarterly => (4, 3),
        InstallmentPlans.Monthly10 => (10, 1),
        InstallmentPlans.Monthly12 => (12, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(plan), plan, "Unknown installment plan"),
    };

    /// <summary>
    /// Premium and taxes are split evenly to the cent; the cents that do not divide evenly, and all fees, fall on
    /// the first installment (due on the effective date), so the schedule sums to <paramref name="totalDue"/> exactly.
    /// </summary>
    public static Installment[] Build(string plan, DateOnly effectiveDate, decimal totalDue, decimal fees)
    {
        var (count, every) = Shape(plan);
        var spread = totalDue - fees;
        var each = Money.Round(Math.Floor(spread / count * 100m) / 100m);
        var first = Money.Round(spread - each * (count - 1) + fees);
        return Enumerable.Range(0, count)
            .Select(i => new Installment(i + 1, effectiveDate.AddMonths(i * every), i == 0 ? first : each))
            .ToArray();
    }
}
