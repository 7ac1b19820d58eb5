namespace Insure.Grains.Queries;

/// <summary>
/// The read side: summaries of entities and the event log, written by grains after they persist their state and
/// read by list endpoints, so a list never fans out over grains. In memory when embedded; PostgreSQL tables otherwise.
/// </summary>
public interface IQueryStore
{
    /// <summary>How far a list is counted and paged (`Insure:Lists:MaxOffset`); deeper pages are refused.</summary>
    int CountLimit { get; }

    /// <summary>
    /// Inserts or replaces records. A record older (lower Version) than the stored one is ignored, so retries cannot regress.
    /// Events (kind <see cref="QueryKinds.Event"/>) are immutable: the first write of an event id stores it and gives it
    /// its log position; a later write of the same id changes nothing. An event cannot contribute to totals.
    /// </summary>
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

    /// <summary>
    /// The tenant's event log: its events with a position above <paramref name="after"/>, in ascending position, at most
    /// <paramref name="limit"/> (at least 1). A reader keeps the last position it handled as its cursor and passes it back.
    /// </summary>
    /// <remarks>
    /// Positions are above 0 and may have gaps, but are listed in order: once a reader has seen position P of a tenant,
    /// no event of that tenant with a position below P can appear later, so a cursor never skips an event. (The memory
    /// store hands out positions under its lock; PostgreSQL lists an event only once every transaction that could still
    /// write a lower position has ended, so a committed event may be listed a moment late.) Each event is listed once, at the
    /// position of its first write. Events written before the log existed (Postgres rows from earlier versions) are not in it.
    /// </remarks>
    Task<IReadOnlyList<LoggedEvent>> ReadLog(string tenant, long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest position in the tenant's event log; 0 while it is empty.</summary>
    Task<long> LogHead(string tenant, CancellationToken cancellationToken = default);

    Task<bool> Any(string kind, CancellationToken cancellationToken = default);

    /// <summary>Throws when the store cannot be reached; used by the readiness probe.</summary>
    Task Ping(CancellationToken cancellationToken = default);
}
