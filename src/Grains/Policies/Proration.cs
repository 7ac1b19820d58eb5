using Insure.Grains.Products;

namespace Insure.Grains.Policies;

/// <summary>How much of a term's premium is unearned on a date, and what a cancellation returns.</summary>
internal static class Proration
{
    /// <summary>
    /// Short-rate penalty: the share of the pro-rata unearned premium the insurer keeps, by how much of the term had
    /// passed when the policy was cancelled (first row whose bound is not below the elapsed share).
    /// </summary>
    public static readonly (decimal ElapsedUpTo, decimal PenaltyShare)[] ShortRateTable =
    [
        (0.25m, 0.10m),
        (0.50m, 0.08m),
        (0.75m, 0.06m),
        (1.00m, 0.04m),
    ];

    public static int TermDays(DateOnly effective, DateOnly expiration) => expiration.DayNumber - effective.DayNumber;

    /// <summary>Days from <paramref name="from"/> to the end of the term, never negative.</summary>
    public static int DaysRemaining(DateOnly from, DateOnly expiration) => Math.Max(0, expiration.DayNumber - from.DayNumber);

    /// <summary>The pro-rata share of <paramref name="amount"/> for the days from <paramref name="from"/> to expiration, rounded to the cent.</summary>
    public static decimal ProRata(decimal amount, DateOnly from, DateOnly effective, DateOnly expiration) =>
        Money.Round(amount * DaysRemaining(from, expiration) / TermDays(effective, expiration));

    /// <summary>A cancellation of a policy that kept one premium all term.</summary>
    public static CancellationQuote Cancellation(string method, decimal writtenPremium, decimal taxRate, DateOnly cancelDate, DateOnly effective, DateOnly expiration) =>
        Cancellation(method, writtenPremium, Money.Round(writtenPremium * taxRate), [(effective, writtenPremium)], cancelDate, effective, expiration);

    /// <summary>
    /// What a cancellation returns. Earned premium is each version's annual premium for the days it was in force
    /// before the cancellation date; pro rata returns what was written beyond that; short rate keeps a share of it
    /// (<see cref="ShortRateTable"/>); flat returns everything. Taxes come back in proportion to the premium.
    /// </summary>
    public static CancellationQuote Cancellation(
        string method, decimal writtenPremium, decimal writtenTaxes, IReadOnlyList<(DateOnly From, decimal AnnualPremium)> versions,
        DateOnly cancelDate, DateOnly effective, DateOnly expiration)
    {
        var termDays = TermDays(effective, expiration);
        var end = cancelDate < effective ? effective : cancelDate > expiration ? expiration : cancelDate;
        var unearnedDays = DaysRemaining(end, expiration);
        var earned = 0m;
        for (var i = 0; i < versions.Count; i++)
        {
            var from = versions[i].From < effective ? effective : versions[i].From;
            var until = i + 1 < versions.Count ? versions[i + 1].From : expiration;
            if (until > end)
            {
                until = end;
            }
            if (until > from)
            {
                earned += versions[i].AnnualPremium * (until.DayNumber - from.DayNumber) / termDays;
            }
        }
        var proRata = Math.Max(0m, Money.Round(writtenPremium - earned));
        var penalty = 0m;
        var returned = proRata;
        switch (method)
        {
            case CancellationMethods.Flat:
                returned = writtenPremium;
                break;
            case CancellationMethods.ShortRate:
                var elapsed = 1m - (decimal)unearnedDays / termDays;
                var share = ShortRateTable.First(r => elapsed <= r.ElapsedUpTo).PenaltyShare;
                penalty = Money.Round(proRata * share);
                returned = proRata - penalty;
                break;
        }
        var taxes = writtenPremium == 0m ? 0m : Money.Round(writtenTaxes * returned / writtenPremium);
        return new CancellationQuote(method, termDays, unearnedDays, proRata, penalty, returned, taxes, returned + taxes);
    }
}
