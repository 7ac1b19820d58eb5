namespace Insure.Grains.Webhooks;

/// <summary>
/// The events a dispatcher is delivering, by id, with their log position once the log has listed them. It answers how
/// far the cursor may move: up to the first listed event whose deliveries have not all answered.
/// </summary>
internal sealed class WebhookDispatch
{
    /// <summary>An event, its position once listed, the subscriptions its deliveries were started for, and that work.</summary>
    private sealed record Entry(DomainEvent Event, long? Position, IReadOnlySet<string> Started, Task Work, DateTimeOffset Added);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Events whose deliveries have not all answered yet.</summary>
    public int Open => _entries.Values.Count(e => !e.Work.IsCompletedSuccessfully);

    public bool Knows(string eventId) => _entries.ContainsKey(eventId);

    /// <summary>
    /// The log lists an event at <paramref name="position"/>: noted, and the subscriptions its deliveries were started
    /// for (null when the event is not known).
    /// </summary>
    public IReadOnlySet<string>? Listed(string eventId, long position)
    {
        if (!_entries.TryGetValue(eventId, out var entry))
        {
            return null;
        }
        _entries[eventId] = entry with { Position = position };
        return entry.Started;
    }

    /// <summary>
    /// Deliveries of <paramref name="e"/> were started for <paramref name="started"/>: added to what was started for it
    /// before, or (<paramref name="replace"/>, a restart of failed work) instead of it.
    /// </summary>
    public void Add(DomainEvent e, long? position, IReadOnlyCollection<string> started, Task work, DateTimeOffset now, bool replace = false)
    {
        if (!replace && _entries.TryGetValue(e.Id, out var known))
        {
            _entries[e.Id] = new Entry(e, position ?? known.Position, known.Started.Union(started).ToHashSet(),
                started.Count == 0 ? known.Work : Task.WhenAll(known.Work, work), known.Added);
            return;
        }
        var kept = _entries.TryGetValue(e.Id, out var before) ? before.Position : null;
        _entries[e.Id] = new Entry(e, position ?? kept, started.ToHashSet(), work, now);
    }

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
