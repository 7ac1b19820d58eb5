using System.Collections.Concurrent;
using System.Collections.Immutable;
using Insure.Grains.Hosting;

namespace Insure.Grains.Queries;

/// <summary>
/// The embedded-mode query store: process memory, gone when the process stops. Each (kind, tenant) keeps its records
/// already in list order, so a page walks from the newest and stops once the page is filled and the total counted up to
/// <see cref="CountLimit"/>: no copy or sort of the whole tenant per request. The event partition of a tenant also keeps
/// its log in position order.
/// </summary>
public sealed class MemoryQueryStore(int countLimit = ListSettings.DefaultMaxOffset) : IQueryStore
{
    private readonly ConcurrentDictionary<(string Kind, string Tenant), Partition> _partitions = new();
    private readonly Lock _totalsLock = new();
    private readonly Dictionary<(string Group, string Tenant, string Key), Dictionary<string, decimal>> _totals = [];
    /// <summary>The last event-log position handed out, in any tenant.</summary>
    private long _lastPosition;

    /// <summary>The most matches a list counts; beyond it the total is reported as capped.</summary>
    public int CountLimit { get; } = countLimit;

    public Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default)
    {
        QueryStoreChecks.NoContributingEvents(records);
        foreach (var record in records)
        {
            var partition = _partitions.GetOrAdd((record.Kind, record.Tenant), _ => new Partition());
            var logged = record.Kind == QueryKinds.Event ? () => Interlocked.Increment(ref _lastPosition) : (Func<long>?)null;
            if (partition.Upsert(record, logged, out var replaced))
            {
                MoveTotals(record.Tenant, replaced?.Contribution, record.Contribution);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> Totals(
        string group, string tenant, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, IReadOnlyDictionary<string, decimal>>();
        lock (_totalsLock)
        {
            foreach (var key in keys)
            {
                if (_totals.TryGetValue((group, tenant, key), out var amounts))
                {
                    found[key] = new Dictionary<string, decimal>(amounts);
                }
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>>(found);
    }

    /// <summary>Takes the replaced record's contribution out of its totals and adds the new one's.</summary>
    private void MoveTotals(string tenant, QueryContribution? before, QueryContribution? after)
    {
        if (before is null && after is null)
        {
            return;
        }
        lock (_totalsLock)
        {
            Add(tenant, before, -1);
            Add(tenant, after, 1);
        }
    }

    private void Add(string tenant, QueryContribution? contribution, int sign)
    {
        if (contribution is null)
        {
            return;
        }
        var key = (contribution.Group, tenant, contribution.Key);
        if (!_totals.TryGetValue(key, out var amounts))
        {
            _totals[key] = amounts = [];
        }
        foreach (var (name, amount) in contribution.Amounts)
        {
            amounts[name] = amounts.GetValueOrDefault(name) + sign * amount;
        }
    }

    public Task<string?> Get(string kind, string tenant, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_partitions.TryGetValue((kind, tenant), out var partition) ? partition.Get(id)?.Document : null);

    public Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (!_partitions.TryGetValue((kind, tenant), out var partition))
        {
            return Task.FromResult(new QueryPage([], 0));
        }
        var offset = (long)(page - 1) * pageSize;
        var documents = new List<string>();
        long matched = 0;
        foreach (var record in partition.Newest)
        {
            if (!Matches(record, filter))
            {
                continue;
            }
            matched++;
            if (matched > offset && documents.Count < pageSize)
            {
                documents.Add(record.Document);
            }
            if (matched > CountLimit && matched >= offset + pageSize)
            {
                break;
            }
        }
        return Task.FromResult(matched > CountLimit ? new QueryPage(documents, CountLimit, true) : new QueryPage(documents, matched));
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadLog(string tenant, long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!_partitions.TryGetValue((QueryKinds.Event, tenant), out var partition))
        {
            return Task.FromResult<IReadOnlyList<LoggedEvent>>([]);
        }
        var log = partition.Log;
        // The first entry above the cursor: positions in a tenant's log only grow.
        int low = 0, high = log.Count;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (log[middle].Position <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return Task.FromResult<IReadOnlyList<LoggedEvent>>(log.GetRange(low, Math.Min(limit, log.Count - low)));
    }

    public Task<long> LogHead(string tenant, CancellationToken cancellationToken = default) =>
        Task.FromResult(_partitions.TryGetValue((QueryKinds.Event, tenant), out var partition) && partition.Log is { Count: > 0 } log
            ? log[^1].Position
            : 0L);

    public Task<bool> Any(string kind, CancellationToken cancellationToken = default) =>
        Task.FromResult(_partitions.Any(p => p.Key.Kind == kind && !p.Value.IsEmpty));

    public Task Ping(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static bool Matches(QueryRecord record, QueryFilter filter)
    {
        if (filter.CreatedAfter is { } after && record.CreatedAt <= after)
        {
            return false;
        }
        if (filter.CreatedBefore is { } before && record.CreatedAt >= before)
        {
            return false;
        }
        foreach (var range in filter.Ranges ?? [])
        {
            if (!record.Tags.TryGetValue(range.Tag, out var text)
                || range.From is { } from && string.CompareOrdinal(text, from) < 0
                || range.To is { } to && string.CompareOrdinal(text, to) > 0)
            {
                return false;
            }
        }
        if (filter.Search is { } search
            && (!record.Tags.TryGetValue(search.Tag, out var searched) || !searched.Contains(search.Text.ToLowerInvariant(), StringComparison.Ordinal)))
        {
            return false;
        }
        if (filter.Tags is { } tags)
        {
            foreach (var (name, value) in tags)
            {
                if (!record.Tags.TryGetValue(name, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// One (kind, tenant): immutable snapshots swapped under a lock on write, so readers walk a consistent snapshot
    /// without locking or copying.
    /// </summary>
    private sealed class Partition
    {
        private static readonly Comparer<QueryRecord> NewestFirst = Comparer<QueryRecord>.Create((a, b) =>
        {
            var byTime = b.CreatedAt.CompareTo(a.CreatedAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(b.Id, a.Id);
        });

        private readonly Lock _lock = new();
        private ImmutableDictionary<string, QueryRecord> _byId = ImmutableDictionary.Create<string, QueryRecord>(StringComparer.Ordinal);
        private ImmutableSortedSet<QueryRecord> _newest = ImmutableSortedSet.Create<QueryRecord>(NewestFirst);
        private ImmutableList<LoggedEvent> _log = [];

        public bool IsEmpty => Volatile.Read(ref _byId).IsEmpty;

        /// <summary>Every record, newest first.</summary>
        public ImmutableSortedSet<QueryRecord> Newest => Volatile.Read(ref _newest);

        /// <summary>The event log (event partitions only), in position order.</summary>
        public ImmutableList<LoggedEvent> Log => Volatile.Read(ref _log);

        /// <summary>
        /// Stores the record unless a newer version is stored; <paramref name="replaced"/> is the record it replaced. With
        /// <paramref name="logged"/> (events) the record is kept once, as first written, and appended to the log at the
        /// position <paramref name="logged"/> hands out.
        /// </summary>
        public bool Upsert(QueryRecord record, Func<long>? logged, out QueryRecord? replaced)
        {
            lock (_lock)
            {
                var newest = _newest;
                if (_byId.TryGetValue(record.Id, out replaced))
                {
                    if (logged is not null || replaced.Version > record.Version)
                    {
                        replaced = null;
                        return false;
                    }
                    newest = newest.Remove(replaced);
                }
                if (logged is not null)
                {
                    // Taken and appended under the partition's lock, so the tenant's log only grows at its end and a
                    // reader past position P never finds a lower one added later.
                    Volatile.Write(ref _log, _log.Add(new LoggedEvent(logged(), record.Id, record.Document)));
                }
                Volatile.Write(ref _newest, newest.Add(record));
                Volatile.Write(ref _byId, _byId.SetItem(record.Id, record));
                return true;
            }
        }

        public QueryRecord? Get(string id) => Volatile.Read(ref _byId).GetValueOrDefault(id);
    }
}
