using Insure.Grains;

namespace Insure.Api.Features.Ledger;

public sealed record LedgerEntryResource(
    string Id, string TransactionId, string Account, decimal Debit, decimal Credit, string Currency, DateTimeOffset CreatedAt, string Reason, string SourceId);

/// <summary>An account's totals: `balance` is debits less credits (negative for credit-normal accounts such as unearned premium).</summary>
public sealed record LedgerBalanceResource(string Account, decimal Debit, decimal Credit, decimal Balance);

/// <summary>Premium written, earned by the end of `asOf`, and still unearned.</summary>
public sealed record EarningResource(DateOnly AsOf, decimal WrittenPremium, decimal EarnedPremium, decimal UnearnedPremium);

/// <summary>
/// A policy's double-entry ledger: its entries (newest first, paged), each account's balance, and the totals, whose
/// debits always equal their credits. With `asOf`, entries and balances are those posted by the end of that day.
/// </summary>
public sealed record LedgerResource(
    string Object, string PolicyId, string Currency, LedgerBalanceResource[] Balances, decimal TotalDebits, decimal TotalCredits,
    EarningResource Earning, LedgerEntryResource[] Data, int Page, int PageSize, long Total, bool TotalCapped);

public static class LedgerResources
{
    public static LedgerEntryResource ToResource(this LedgerEntryInfo entry) =>
        new(entry.Id, entry.TransactionId, entry.Account, entry.Debit, entry.Credit, entry.Currency, entry.CreatedAt, entry.Reason, entry.SourceId);
}
