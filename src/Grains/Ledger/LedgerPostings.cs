namespace Insure.Grains.Ledger;

/// <summary>The balanced transactions each kind of money movement posts (pure). Every builder returns debits equal to credits.</summary>
internal static class LedgerPostings
{
    /// <summary>
    /// Premium, taxes and fees written (bind, endorsement, cancellation, reinstatement): the receivable moves by the
    /// total, unearned premium, taxes payable and fees income by their parts. Negative amounts (a return premium) post
    /// the mirror image. Null when nothing was written.
    /// </summary>
    public static LedgerTransaction? Written(decimal premium, decimal taxes, decimal fees, string currency, DateTimeOffset at, string reason, string sourceId)
    {
        if (premium == 0 && taxes == 0 && fees == 0)
        {
            return null;
        }
        var entries = new List<LedgerEntry>();
        Add(entries, LedgerAccounts.PremiumReceivable, premium + taxes + fees);
        Add(entries, LedgerAccounts.UnearnedPremium, -premium);
        Add(entries, LedgerAccounts.TaxesPayable, -taxes);
        Add(entries, LedgerAccounts.FeesIncome, -fees);
        return Balanced(new LedgerTransaction("", currency, at, reason, sourceId, [.. entries]));
    }

    /// <summary>Money received against an invoice: cash in, receivable down.</summary>
    public static LedgerTransaction PaymentReceived(decimal amount, string currency, DateTimeOffset at, string reason, string paymentId) =>
        Balanced(new LedgerTransaction("", currency, at, reason, paymentId,
            [new LedgerEntry(LedgerAccounts.Cash, amount, 0m), new LedgerEntry(LedgerAccounts.PremiumReceivable, 0m, amount)]));

    /// <summary>A claim payment (net of the deductible): claims paid up, cash out.</summary>
    public static LedgerTransaction ClaimPaid(decimal amount, string currency, DateTimeOffset at, string reason, string claimId) =>
        Balanced(new LedgerTransaction("", currency, at, reason, claimId,
            [new LedgerEntry(LedgerAccounts.ClaimsPaid, amount, 0m), new LedgerEntry(LedgerAccounts.Cash, 0m, amount)]));

    /// <summary>
    /// A debt written off as uncollectible: bad debt up, receivable down. A negative amount reverses it (a payment
    /// arrived after all).
    /// </summary>
    public static LedgerTransaction WrittenOff(decimal amount, string currency, DateTimeOffset at, string reason, string sourceId)
    {
        var entries = new List<LedgerEntry>();
        Add(entries, LedgerAccounts.BadDebt, amount);
        Add(entries, LedgerAccounts.PremiumReceivable, -amount);
        return Balanced(new LedgerTransaction("", currency, at, reason, sourceId, [.. entries]));
    }

    /// <summary>
    /// Money paid back against an invoice's payments. A refund of a return premium (billing's credit, which had
    /// already credited the receivable) debits the receivable back to what the invoices say is due; a refund asked
    /// for on its own returns premium, so it debits unearned premium. Cash goes out through the gateway, or is owed
    /// to the insured (refunds payable) when the payment came by check, ACH, wire or cash and is paid back by hand.
    /// </summary>
    public static LedgerTransaction Refunded(
        decimal amount, bool ofReturnPremium, bool throughGateway, string currency, DateTimeOffset at, string reason, string refundId) =>
        Balanced(new LedgerTransaction("", currency, at, reason, refundId,
            [
                new LedgerEntry(ofReturnPremium ? LedgerAccounts.PremiumReceivable : LedgerAccounts.UnearnedPremium, amount, 0m),
                new LedgerEntry(throughGateway ? LedgerAccounts.Cash : LedgerAccounts.RefundsPayable, 0m, amount),
            ]));

    /// <summary>Positive amounts debit the account, negative ones credit it.</summary>
    private static void Add(List<LedgerEntry> entries, string account, decimal amount)
    {
        if (amount > 0)
        {
            entries.Add(new LedgerEntry(account, amount, 0m));
        }
        else if (amount < 0)
        {
            entries.Add(new LedgerEntry(account, 0m, -amount));
        }
    }

    private static LedgerTransaction Balanced(LedgerTransaction transaction)
    {
        if (transaction.Entries.Sum(e => e.Debit) != transaction.Entries.Sum(e => e.Credit))
        {
            throw new InvalidOperationException($"Unbalanced ledger transaction: {transaction.Reason}");
        }
        return transaction;
    }
}
