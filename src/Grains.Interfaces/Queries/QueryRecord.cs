namespace Insure.Grains.Queries;

/// <summary>
/// One summary: <see cref="Document"/> is JSON; <see cref="Tags"/> are the exact-match filter values;
/// <see cref="Contribution"/>, when set, is what the record adds to a running total (see <see cref="IQueryStore.Totals"/>).
/// </summary>
public sealed record QueryRecord(
    string Kind,
    string Tenant,
    string Id,
    DateTimeOffset CreatedAt,
    long Version,
    IReadOnlyDictionary<string, string> Tags,
    string Document,
    QueryContribution? Contribution = null);
