namespace Insure.Grains.Queries;

/// <summary>What every query store refuses before it writes anything.</summary>
internal static class QueryStoreChecks
{
    /// <summary>
    /// Events are written once and never replaced, so a contribution on one could never move with a later version; no
    /// event carries one, and a store refuses the batch rather than keep totals it could not maintain.
    /// </summary>
    public static void NoContributingEvents(IReadOnlyList<QueryRecord> records)
    {
        foreach (var record in records)
        {
            if (record.Kind == QueryKinds.Event && record.Contribution is not null)
            {
                throw new ArgumentException($"Event '{record.Id}' contributes to totals; events cannot.", nameof(records));
            }
        }
    }
}
