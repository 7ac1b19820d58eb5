namespace Insure.Grains.Queries;

/// <summary>
/// The read side: summaries of entities and the event log, written by grains after they persist their state and
/// read by list endpoints, so a list never fans out over grains. In memory when embedded; PostgreSQL tables otherwise.
/// </summary>
public interface IQueryStore
{
    /// <summary>Inserts or replaces records. A record older (lower Version) than the stored one is ignored, so retries cannot regress.</summary>
    Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default);

    Task<string?> Get(string kind, string tenant, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Newest first (CreatedAt, then Id, descending); `page` is 1-based. The total is counted up to the store's count
    /// limit (`Insure:Lists:MaxOffset`) and reported capped beyond it, so no list reads a whole tenant.
    /// </summary>
    Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default);

    Task<bool> Any(string kind, CancellationToken cancellationToken = default);

    /// <summary>Throws when the store cannot be reached; used by the readiness probe.</summary>
    Task Ping(CancellationToken cancellationToken = default);
}

/// <summary>One summary: <see cref="Document"/> is JSON; <see cref="Tags"/> are the exact-match filter values.</summary>
public sealed record QueryRecord(
    string Kind,
    string Tenant,
    string Id,
    DateTimeOffset CreatedAt,
    long Version,
    IReadOnlyDictionary<string, string> Tags,
    string Document);

/// <summary>Equality filters on tags, an exclusive creation-time range, and inclusive ranges over tag values.</summary>
public sealed record QueryFilter(
    IReadOnlyDictionary<string, string>? Tags = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    IReadOnlyList<TagRange>? Ranges = null)
{
    public static readonly QueryFilter None = new();
}

/// <summary>
/// An inclusive range over a tag's text (ordinal comparison), for tags whose text sorts like its value, such as
/// `yyyy-MM-dd` dates. A record without the tag does not match.
/// </summary>
public sealed record TagRange(string Tag, string? From, string? To);

/// <summary>One page; <see cref="Total"/> is exact unless <see cref="TotalCapped"/>, when more than that many match.</summary>
public sealed record QueryPage(IReadOnlyList<string> Documents, long Total, bool TotalCapped = false);

/// <summary>The kinds of record the query store holds.</summary>
public static class QueryKinds
{
    public const string Event = "event";
    public const string ApiKey = "api_key";
    public const string Organization = "organization";
    public const string Submission = "submission";
    public const string Policy = "policy";
    public const string Policyholder = "policyholder";
    /// <summary>Tenant value for platform-level records (organizations).</summary>
    public const string PlatformTenant = "platform";
}
