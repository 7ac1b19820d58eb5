using Insure.Grains.Ledger;

namespace Insure.Grains.Tests.Ledger;

public sealed class LedgerPostingsTests
{
    private static readonly DateTimeOffset At = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void Balanced(LedgerTransaction t) => Assert.Equal(t.Entries.Sum(e => e.Debit), t.Entries.Sum(e => e.Credit));

    [Fact]
    public void Writing_DebitsTheReceivable_AndCreditsUnearnedPremiumTaxesAndFees_AndAReturnMirrorsIt()
    {
        var bind = LedgerPostings.Written(1000m, 48.5m, 150m, "USD", At, "bind", "")!;
        Balanced(bind);
        Assert.Equal([("premium_receivable", 1198.5m, 0m), ("unearned_premium", 0m, 1000m), ("taxes_payable", 0m, 48.5m), ("fees_income", 0m, 150m)],
            bind.Entries.Select(e => (e.Account, e.Debit, e.Credit)));
        var ret = LedgerPostings.Written(-250m, -12.13m, 0m, "USD", At, "cancel", "")!;
        Balanced(ret);
        Assert.Equal([("premium_receivable", 0m, 262.13m), ("unearned_premium", 250m, 0m), ("taxes_payable", 12.13m, 0m)],
            ret.Entries.Select(e => (e.Account, e.Debit, e.Credit)));
        Assert.Null(LedgerPostings.Written(0m, 0m, 0m, "USD", At, "renewal offer", ""));
    }

    [Fact]
    public void EveryOtherMovement_IsBalanced_OnTheRightAccounts()
    {
        var movements = new[]
        {
            (LedgerPostings.PaymentReceived(100m, "USD", At, "p", "pay_1"), "cash", "premium_receivable"),
            (LedgerPostings.ClaimPaid(3500m, "USD", At, "c", "clm_1"), "claims_paid", "cash"),
            (LedgerPostings.WrittenOff(80m, "USD", At, "w", "inv_1"), "bad_debt", "premium_receivable"),
            (LedgerPostings.WrittenOff(-80m, "USD", At, "w", "inv_1"), "premium_receivable", "bad_debt"),
            (LedgerPostings.Refunded(20m, ofReturnPremium: true, throughGateway: true, "USD", At, "r", "rfd_1"), "premium_receivable", "cash"),
            (LedgerPostings.Refunded(20m, ofReturnPremium: false, throughGateway: false, "USD", At, "r", "rfd_2"), "unearned_premium", "refunds_payable"),
        };
        foreach (var (transaction, debited, credited) in movements)
        {
            Balanced(transaction);
            Assert.Equal(debited, transaction.Entries.Single(e => e.Debit > 0).Account);
            Assert.Equal(credited, transaction.Entries.Single(e => e.Credit > 0).Account);
        }
    }
}
