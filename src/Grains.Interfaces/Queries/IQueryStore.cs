namespace Insure.Grains.Queries;

/// <summary>
/// The read side: summaries of entities and the event log, written by grains after they persist their state and
/// read by list endpoints, so a list never fans out over grains. In memory when embedded; PostgreSQL tables otherwise.
/// </summary>
public interface IQueryStore
{
    /// <summary>How far a list is counted and paged (`Insure:Lists:MaxOffset`); deeper pages are refused.</summary>
    int CountLimit { get; }

    /// <summary>Inserts or replaces records. A record older (lower Version) than the stored one is ignored, so retries cannot regress.</summary>
    Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default);

    Task<string?> Get(string kind, string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Newest first (CreatedAt, then Id, descending); `page` is 1-based. The total is counted up to the store's count
    /// limit (`Insure:Lists:MaxOffset`) and reported capped beyond it, so no list reads a whole tenant.
    /// </summary>
    Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>
    /// The running totals of a group for the given keys, from the contributions of the tenant's current records: one
    /// entry per key that any record contributes to (a key with none is absent), each amount by name.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> Totals(
        string group, string tenant, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>The tenant's events with a log position above <paramref name="after"/>, ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LoggedEvent>> ReadLog(string tenant, long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest log position of the tenant (0 when it has no events).</summary>
    Task<long> LogHead(string tenant, CancellationToken cancellationToken = default);

    Task<bool> Any(string kind, CancellationToken cancellationToken = default);

    /// <summary>Throws when the store cannot be reached; used by the readiness probe.</summary>
    Task Ping(CancellationToken cancellationToken = default);
}
