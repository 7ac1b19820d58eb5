using System.Collections.Concurrent;

namespace Insure.Grains.Idempotency;

/// <summary>The embedded-mode idempotency store: process memory, gone when the process stops.</summary>
public sealed class MemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, IdempotencyRecord> _records = new(StringComparer.Ordinal);

    public Task<IdempotencyRecord?> Find(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.GetValueOrDefault(key));

    public Task Save(string key, IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        _records[key] = record;
        return Task.CompletedTask;
    }

    public Task<int> Sweep(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var entry in _records)
        {
            // Removes only the exact record seen: one saved again meanwhile (a new expiry) stays.
            if (entry.Value.ExpiresAt <= now && _records.TryRemove(entry))
            {
                removed++;
            }
        }
        return Task.FromResult(removed);
    }
}
