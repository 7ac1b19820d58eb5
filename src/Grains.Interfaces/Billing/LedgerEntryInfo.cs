namespace Insure.Grains;

/// <summary>A ledger entry as the query store keeps it: one per side of a transaction, tagged with its policy.</summary>
public sealed record LedgerEntryInfo(
    string Id,
    string TransactionId,
    string PolicyId,
    string Account,
    decimal Debit,
    decimal Credit,
    string Currency,
    DateTimeOffset CreatedAt,
    string Reason,
    string SourceId);
