using Insure.Grains.Products;

namespace Insure.Grains.Policies;

/// <summary>Splits what a policy costs into installments whose lines sum exactly, to the cent, to the total due.</summary>
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

    /// <summary>The installments (number, due date, amount) of <see cref="Lines"/>.</summary>
    public static Installment[] Build(string plan, DateOnly effectiveDate, decimal premium, decimal taxes, decimal fees) =>
        Lines(plan, effectiveDate, premium, taxes, fees)
            .Select(i => new Installment(i.Number, i.DueDate, i.Lines.Sum(l => l.Amount)))
            .ToArray();

    /// <summary>
    /// Premium and taxes are each split evenly to the cent, and the cents that do not divide evenly fall on the first
    /// installment (due on the effective date), as do all fees; so each kind of line sums exactly to its amount and the
    /// installments to premium + taxes + fees. Later installments fall every few months, clamped to month ends.
    /// </summary>
    public static BilledInstallment[] Lines(string plan, DateOnly effectiveDate, decimal premium, decimal taxes, decimal fees)
    {
        var (count, every) = Shape(plan);
        var premiums = Split(premium, count);
        var taxShares = Split(taxes, count);
        return Enumerable.Range(0, count)
            .Select(i =>
            {
                var lines = new List<InvoiceLine> { new(InvoiceLineKinds.Premium, Describe("Premium", i, count), premiums[i]) };
                if (taxes != 0)
                {
                    lines.Add(new InvoiceLine(InvoiceLineKinds.Taxes, Describe("Taxes", i, count), taxShares[i]));
                }
                if (i == 0 && fees != 0)
                {
                    lines.Add(new InvoiceLine(InvoiceLineKinds.Fees, "Policy fees", fees));
                }
                return new BilledInstallment(i + 1, effectiveDate.AddMonths(i * every), [.. lines]);
            })
            .ToArray();
    }

    /// <summary><paramref name="amount"/> in <paramref name="count"/> shares of whole cents: equal ones, and the rest on the first.</summary>
    private static decimal[] Split(decimal amount, int count)
    {
        var each = Money.Round(Math.Floor(amount / count * 100m) / 100m);
        var shares = Enumerable.Repeat(each, count).ToArray();
        shares[0] = Money.Round(amount - each * (count - 1));
        return shares;
    }

    private static string Describe(string what, int index, int count) =>
        count == 1 ? what : $"{what}, installment {index + 1} of {count}";
}
