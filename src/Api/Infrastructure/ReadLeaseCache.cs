using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// This node's copies of entities read under a lease (<see cref="ILeasedRead{T}"/>: submissions and API keys), so a
/// busy entity's reads need no grain call. A copy is used until its lease runs out, counted on this node's monotonic
/// clock from before it was asked for, or until the entity tells this node to drop it, which every change does before it
/// answers: a read that follows an acknowledged change, on any node, sees that change. At most
/// <see cref="Capacity"/> copies: past that the lapsed ones are let go, and if that frees less than a quarter, all of them. Hits and misses are counted on the
/// <see cref="MeterName"/> meter (<c>insure.read_leases.hits</c>, <c>insure.read_leases.misses</c>).
/// </summary>
public sealed class ReadLeaseCache(IGrainFactory grains, bool leasesOn = true) : IReadLeaseHolder
{
    /// <summary>Whether the entities hand out leases (their setting is not zero), so views read here are read again.</summary>
    public bool LeasesOn => leasesOn;

    public const int Capacity = 10_000;
    public const string MeterName = "Insure.Api";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Hits = Meter.CreateCounter<long>("insure.read_leases.hits", description: "Reads answered from this node's copy");
    private static readonly Counter<long> Misses = Meter.CreateCounter<long>("insure.read_leases.misses", description: "Reads that asked the entity's grain");

    private sealed record Copy(object? Value, long Until);

    /// <summary>Drops are counted in stripes by entity, so a drop spoils only the reads in flight of its own stripe.</summary>
    private const int Stripes = 64;

    private readonly ConcurrentDictionary<GrainId, Copy> _copies = new();
    private readonly long[] _drops = new long[Stripes];
    private readonly Lock _gate = new();
    private IReadLeaseHolder? _reference;
    private int _kept;

    /// <summary>
    /// What the <c>Get</c> of the tenant's entity <paramref name="id"/> would answer now, from this node's copy while its
    /// lease runs; null when the id is not a well-formed `{prefix}_` id too. A copy in hand costs no grain reference.
    /// </summary>
    public ValueTask<T?> Read<TGrain, T>(TenantGrains tenant, string prefix, string id)
        where TGrain : class, IGrainWithStringKey, ILeasedRead<T>
        where T : class
    {
        if (tenant.FindId<TGrain>(prefix, id) is not { } grainId)
        {
            return ValueTask.FromResult<T?>(null);
        }
        return TryCopy(grainId, out var value) ? ValueTask.FromResult((T?)value) : new ValueTask<T?>(Ask(grainId, tenant.Factory.GetGrain<TGrain>(grainId)));
    }

    private bool TryCopy(GrainId id, out object? value)
    {
        if (_copies.TryGetValue(id, out var copy))
        {
            if (Stopwatch.GetTimestamp() < copy.Until)
            {
                Hits.Add(1);
                value = copy.Value;
                return true;
            }
            _copies.TryRemove(KeyValuePair.Create(id, copy));
        }
        value = null;
        return false;
    }

    private async Task<T?> Ask<T>(GrainId id, ILeasedRead<T> entity) where T : class
    {
        Misses.Add(1);
        var holder = _reference ?? Reference();
        var stripe = StripeOf(id);
        var drops = Volatile.Read(ref _drops[stripe]);
        var asked = Stopwatch.GetTimestamp();
        var leased = await entity.Lease(holder);
        if (leased.For > TimeSpan.Zero)
        {
            // The count takes every lock of the dictionary: looked at once in a while, so the bound is loose by that much.
            if (Interlocked.Increment(ref _kept) % 256 == 0 && _copies.Count >= Capacity)
            {
                LetGo();
            }
            var kept = new Copy(leased.Value, asked + (long)(leased.For.TotalSeconds * Stopwatch.Frequency));
            lock (_gate)
            {
                // A drop that came while this read was on its way means the copy may predate the change that sent it.
                if (_drops[stripe] == drops)
                {
                    _copies[id] = kept;
                }
            }
        }
        return leased.Value;
    }

    private void LetGo()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var entry in _copies)
        {
            if (entry.Value.Until <= now)
            {
                _copies.TryRemove(entry);
            }
        }
        // Each pass frees a quarter of the room at least, so passes stay rare however the copies come and go.
        if (_copies.Count > Capacity * 3 / 4)
        {
            _copies.Clear();
        }
    }

    private IReadLeaseHolder Reference()
    {
        lock (_gate)
        {
            return _reference ??= grains.CreateObjectReference<IReadLeaseHolder>(this);
        }
    }

    /// <summary>Whether this node holds a copy of <paramref name="entity"/> whose lease runs (for tests and diagnostics).</summary>
    public bool Holds(GrainId entity) => _copies.TryGetValue(entity, out var copy) && Stopwatch.GetTimestamp() < copy.Until;

    public Task Drop(GrainId entity)
    {
        lock (_gate)
        {
            _drops[StripeOf(entity)]++;
            _copies.TryRemove(entity, out _);
        }
        return Task.CompletedTask;
    }

    private static int StripeOf(GrainId entity) => (entity.GetHashCode() & int.MaxValue) % Stripes;
}
