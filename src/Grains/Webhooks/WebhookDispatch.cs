namespace Insure.Grains.Webhooks;

/// <summary>
/// The events a dispatcher is delivering, by id, with their log position once the log has listed them. It answers how
/// far the cursor may move: up to the first listed event whose deliveries have not all answered.
/// </summary>
internal sealed class WebhookDispatch
{
    private sealed record Entry(DomainEvent Event, long? Position, Task Work, DateTimeOffset Added);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Events whose deliveries have not all answered yet.</summary>
    public int Open => _entries.Values.Count(e => !e.Work.IsCompletedSuccessfully);

    public bool Knows(string eventId) => _entries.ContainsKey(eventId);

    /// <summary>The log lists a known event at <paramref name="position"/>: noted, and true. False for an event not known.</summary>
    public bool Listed(string eventId, long position)
    {
        if (!_entries.TryGetValue(eventId, out var entry))
        {
            return false;
        }
        _entries[eventId] = entry with { Position = position };
        return true;
    }

    public void Add(DomainEvent e, long? position, Task work, DateTimeOffset now) =>
        _entries[e.Id] = new Entry(e, position ?? (_entries.TryGetValue(e.Id, out var known) ? known.Position : null), work, now);

    /// <summary>Events whose deliveries failed to answer (a storage error, a lost silo): to be started again.</summary>
    public IReadOnlyList<(DomainEvent Event, long? Position)> Failed() =>
        _entries.Values.Where(e => e.Work.IsFaulted || e.Work.IsCanceled).Select(e => (e.Event, e.Position)).ToList();

    /// <summary>Forgets every finished event, so the log's next read handles them again (against new subscriptions).</summary>
    public void ForgetFinished() => Remove(e => e.Work.IsCompletedSuccessfully);

    /// <summary>Forgets finished stream events the log has not listed since <paramref name="before"/>: repeats of events behind the cursor.</summary>
    public void ForgetUnlisted(DateTimeOffset before) => Remove(e => e.Position is null && e.Added < before && e.Work.IsCompletedSuccessfully);

    /// <summary>The highest position the cursor may take: just below the first listed event still in flight, or <paramref name="readTo"/>.</summary>
    public long DoneThrough(long readTo)
    {
        var firstOpen = _entries.Values
            .Where(e => e.Position is not null && !e.Work.IsCompletedSuccessfully)
            .Select(e => e.Position!.Value)
            .DefaultIfEmpty(long.MaxValue)
            .Min();
        return Math.Min(readTo, firstOpen == long.MaxValue ? readTo : firstOpen - 1);
    }

    /// <summary>Drops the events at or below the cursor: they are done for good.</summary>
    public void DropThrough(long cursor) => Remove(e => e.Position is { } p && p <= cursor);

    private void Remove(Func<Entry, bool> which)
    {
        foreach (var id in _entries.Where(p => which(p.Value)).Select(p => p.Key).ToList())
        {
            _entries.Remove(id);
        }
    }
}
