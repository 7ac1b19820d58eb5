namespace Insure.Grains;

/// <summary>One side of a ledger transaction: a debit or a credit (the other is zero) to one account.</summary>
[GenerateSerializer, Immutable, Alias("insure.ledger-entry")]
public sealed record LedgerEntry(
    [property: Id(0)] string Account,
    [property: Id(1)] decimal Debit,
    [property: Id(2)] decimal Credit);
