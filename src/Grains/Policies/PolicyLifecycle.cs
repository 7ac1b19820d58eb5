using Insure.Grains.Products;

namespace Insure.Grains.Policies;

/// <summary>What can happen to a policy.</summary>
public enum PolicyAction
{
    Activate,
    Endorse,
    Cancel,
    ScheduleCancellation,
    CompleteCancellation,
    Reinstate,
    Renew,
    Expire,
}

/// <summary>
/// The policy state machine, in one table: which action is allowed from which status, and the status it leads to.
/// Anything not in the table is an invalid transition (422 `invalid_state_transition`).
/// </summary>
public static class PolicyLifecycle
{
    private static readonly Dictionary<(string From, PolicyAction Action), string> Transitions = new()
    {
        [(PolicyStatuses.Bound, PolicyAction.Activate)] = PolicyStatuses.Active,
        [(PolicyStatuses.Bound, PolicyAction.Endorse)] = PolicyStatuses.Bound,
        [(PolicyStatuses.Bound, PolicyAction.Cancel)] = PolicyStatuses.Cancelled,
        [(PolicyStatuses.Bound, PolicyAction.ScheduleCancellation)] = PolicyStatuses.PendingCancellation,
        [(PolicyStatuses.Bound, PolicyAction.Renew)] = PolicyStatuses.Bound,
        [(PolicyStatuses.Active, PolicyAction.Endorse)] = PolicyStatuses.Active,
        [(PolicyStatuses.Active, PolicyAction.Cancel)] = PolicyStatuses.Cancelled,
        [(PolicyStatuses.Active, PolicyAction.ScheduleCancellation)] = PolicyStatuses.PendingCancellation,
        [(PolicyStatuses.Active, PolicyAction.Renew)] = PolicyStatuses.Active,
        [(PolicyStatuses.Active, PolicyAction.Expire)] = PolicyStatuses.Expired,
        [(PolicyStatuses.PendingCancellation, PolicyAction.Activate)] = PolicyStatuses.PendingCancellation,
        [(PolicyStatuses.PendingCancellation, PolicyAction.CompleteCancellation)] = PolicyStatuses.Cancelled,
        [(PolicyStatuses.PendingCancellation, PolicyAction.Reinstate)] = PolicyStatuses.Active,
        [(PolicyStatuses.Cancelled, PolicyAction.Reinstate)] = PolicyStatuses.Active,
    };

    /// <summary>The status after <paramref name="action"/>, or null when it is not allowed from <paramref name="from"/>.</summary>
    public static string? Next(string from, PolicyAction action) => Transitions.GetValueOrDefault((from, action));

    /// <summary>The status an action aims at, for naming it in a refusal.</summary>
    public static string Target(PolicyAction action) => action switch
    {
        PolicyAction.Activate => PolicyStatuses.Active,
        PolicyAction.Cancel or PolicyAction.CompleteCancellation => PolicyStatuses.Cancelled,
        PolicyAction.ScheduleCancellation => PolicyStatuses.PendingCancellation,
        PolicyAction.Reinstate => PolicyStatuses.Active,
        PolicyAction.Expire => PolicyStatuses.Expired,
        PolicyAction.Endorse => "endorsed",
        PolicyAction.Renew => "renewed",
        _ => action.ToString(),
    };
}

/// <summary>How much of a term's premium is unearned on a date, and what a cancellation returns.</summary>
public static class Proration
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

public static class CancellationMethods
{
    public const string ProRata = "pro_rata";
    public const string ShortRate = "short_rate";
    public const string Flat = "flat";
    public static readonly string[] All = [ProRata, ShortRate, Flat];
}
