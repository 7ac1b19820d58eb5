using Insure.Grains.Queries;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>The memory query store, passed through; a test overrides the part it makes fail.</summary>
public class DelegatingQueryStore : IQueryStore
{
    protected MemoryQueryStore Inner { get; } = new();

    public int CountLimit => Inner.CountLimit;
    public virtual Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default) => Inner.Upsert(records, cancellationToken);
    public virtual Task<string?> Get(string kind, string tenant, string id, CancellationToken cancellationToken = default) => Inner.Get(kind, tenant, id, cancellationToken);
    public virtual Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        Inner.List(kind, tenant, filter, page, pageSize, cancellationToken);
    public virtual Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> Totals(
        string group, string tenant, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => Inner.Totals(group, tenant, keys, cancellationToken);
    public virtual Task<IReadOnlyList<LoggedEvent>> ReadLog(string tenant, long after, int limit, CancellationToken cancellationToken = default) =>
        Inner.ReadLog(tenant, after, limit, cancellationToken);
    public virtual Task<long> LogHead(string tenant, CancellationToken cancellationToken = default) => Inner.LogHead(tenant, cancellationToken);
    public virtual Task<bool> Any(string kind, CancellationToken cancellationToken = default) => Inner.Any(kind, cancellationToken);
    public virtual Task Ping(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
