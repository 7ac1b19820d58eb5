using Insure.Grains.Queries;

namespace Insure.Grains.Ledger;

/// <summary>
/// Ledger transactions as query-store records: one immutable record per entry, tagged with the policy and adding its
/// debit and credit to the policy's ledger totals, so balances are read without summing entries.
/// </summary>
internal static class LedgerRecords
{
    /// <summary>
    /// The records of transactions a grain posted; <paramref name="postedBy"/> (the grain's entity id) makes the ids
    /// unique and is the source of transactions that name none.
    /// </summary>
    public static IEnumerable<QueryRecord> For(Tenant tenant, string policyId, string postedBy, IEnumerable<LedgerTransaction> transactions) =>
        transactions.SelectMany(t => t.Entries.Select((entry, i) =>
        {
            var transactionId = $"ltx_{postedBy}_{t.Id}";
            var info = new LedgerEntryInfo($"{transactionId}_{i + 1}", transactionId, policyId, entry.Account, entry.Debit, entry.Credit,
                t.Currency, t.At, t.Reason, t.SourceId.Length == 0 ? postedBy : t.SourceId);
            return new QueryRecord(QueryKinds.LedgerEntry, tenant.ToString(), info.Id, t.At, 0, new Dictionary<string, string> { ["policyId"] = policyId },
                InsureJson.Serialize(info),
                new QueryContribution(LedgerAccounts.TotalsGroup, policyId, new Dictionary<string, decimal>
                {
                    [$"{entry.Account}:debit"] = entry.Debit,
                    [$"{entry.Account}:credit"] = entry.Credit,
                }));
        }));
}
