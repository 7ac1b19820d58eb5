namespace Insure.Grains;

/// <summary>
/// One balanced money movement (debits equal credits), stored with the change that caused it and never edited.
/// <see cref="Id"/> is unique within the grain that posted it (`{version}.{n}`); <see cref="SourceId"/> names what
/// caused it (a policy, invoice, payment or claim id).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.ledger-transaction")]
public sealed record LedgerTransaction(
    [property: Id(0)] string Id,
    [property: Id(1)] string Currency,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Reason,
    [property: Id(4)] string SourceId,
    [property: Id(5)] LedgerEntry[] Entries);
