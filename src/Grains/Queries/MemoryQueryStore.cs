using System.Collections.Concurrent;

namespace Insure.Grains.Queries;

/// <summary>The embedded-mode query store: process memory, gone when the process stops.</summary>
public sealed class MemoryQueryStore : IQueryStore
{
    private readonly ConcurrentDictionary<(string Kind, string Tenant), Partition> _partitions = new();

    public Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            _partitions.GetOrAdd((record.Kind, record.Tenant), _ => new Partition()).Upsert(record);
        }
        return Task.CompletedTask;
    }

    public Task<string?> Get(string kind, string tenant, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_partitions.TryGetValue((kind, tenant), out var partition) ? partition.Get(id)?.Document : null);

    public Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (!_partitions.TryGetValue((kind, tenant), out var partition))
        {
            return Task.FromResult(new QueryPage([], 0));
        }
        var matches = partition.Snapshot()
            .Where(r => Matches(r, filter))
            .OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var documents = matches.Skip((page - 1) * pageSize).Take(pageSize).Select(r => r.Document).ToList();
        return Task.FromResult(new QueryPage(documents, matches.Count));
    }

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

    private sealed class Partition
    {
        private readonly Dictionary<string, QueryRecord> _records = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public bool IsEmpty
        {
            get { lock (_lock) { return _records.Count == 0; } }
        }

        public void Upsert(QueryRecord record)
        {
            lock (_lock)
            {
                if (_records.TryGetValue(record.Id, out var existing) && existing.Version > record.Version)
                {
                    return;
                }
                _records[record.Id] = record;
            }
        }

        public QueryRecord? Get(string id)
        {
            lock (_lock)
            {
                return _records.GetValueOrDefault(id);
            }
        }

        public QueryRecord[] Snapshot()
        {
            lock (_lock)
            {
                return [.. _records.Values];
            }
        }
    }
}
