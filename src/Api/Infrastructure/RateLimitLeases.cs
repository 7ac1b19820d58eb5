using System.Collections.Concurrent;
using System.Diagnostics;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Rate-limit decisions this node holds, leased from the tenants' buckets (<see cref="IRateLimitBucketGrain.Lease"/>), so
/// a busy credential's requests need not each call its bucket. A credential's lease starts at one decision per call and
/// doubles while the last one was spent within <see cref="SpentQuickly"/> (up to <see cref="MaxLease"/>, and a fiftieth
/// of the limit, so small limits stay at one); it halves again as requests slow. Each decision is the one the bucket
/// made for that request's turn, so on one node the limits and headers are those of one call per request; a decision
/// left when its lease is <see cref="HoldFor"/> old, or its window has closed, is dropped (it stays counted). Leases of an
/// organization are dropped when it changes, before its change answers, and used only while this node is subscribed to
/// such changes (<see cref="AccessChangeListener"/>). A credential has one lease call in flight at a time; its other
/// requests wait for that call and share what it brings.
/// </summary>
public sealed class RateLimitLeases(AccessChangeSubscription subscription)
{
    public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SpentQuickly = TimeSpan.FromMilliseconds(100);
    public const int MaxLease = 64;
    private const int MaxSlots = 100_000;

    private sealed class Slot
    {
        public readonly Queue<RateLimitDecision> Left = new();
        public long ObtainedAt;
        public int Size = 1;
        public int Limit;
        public long Drops;
        public Task? Pending;
    }

    private readonly ConcurrentDictionary<(Tenant Tenant, string Window), Slot> _slots = new();

    /// <summary>The decision for one request of <paramref name="windowKey"/> in the bucket of <paramref name="tenant"/>.</summary>
    public async Task<RateLimitDecision> Take(IGrainFactory grains, Tenant tenant, string windowKey, RateLimitSchedule schedule, DateTimeOffset tenantNow)
    {
        if (!subscription.Current)
        {
            return await Bucket(grains, tenant).Take(windowKey, schedule);
        }
        if (_slots.Count >= MaxSlots)
        {
            DropAll();
            _slots.Clear();
        }
        var slot = _slots.GetOrAdd((tenant, windowKey), _ => new Slot());
        while (true)
        {
            Task? pending;
            TaskCompletionSource? leading = null;
            int size = 1;
            long drops = 0;
            lock (slot)
            {
                var age = Stopwatch.GetElapsedTime(slot.ObtainedAt);
                while (slot.Left.TryDequeue(out var held))
                {
                    if (age < HoldFor && tenantNow < held.ResetAt)
                    {
                        return held;
                    }
                    slot.Left.Clear();
                }
                // One lease at a time per credential: requests arriving meanwhile wait for it and share what it brings,
                // so a burst cannot take many leases at once and leave most of them unused.
                pending = slot.Pending;
                if (pending is null)
                {
                    slot.Size = age < SpentQuickly ? Math.Min(slot.Size * 2, MaxLease) : Math.Max(1, slot.Size / 2);
                    size = Math.Clamp(slot.Limit / 50, 1, slot.Size);
                    drops = slot.Drops;
                    leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    slot.Pending = leading.Task;
                }
            }
            if (pending is not null)
            {
                await pending;
                continue;
            }
            RateLimitDecision[] decisions;
            try
            {
                var grain = Bucket(grains, tenant);
                decisions = size == 1 ? [await grain.Take(windowKey, schedule)] : await grain.Lease(windowKey, schedule, size);
                lock (slot)
                {
                    slot.ObtainedAt = Stopwatch.GetTimestamp();
                    slot.Limit = decisions[0].Limit;
                    if (slot.Drops == drops)
                    {
                        foreach (var decision in decisions.Skip(1))
                        {
                            slot.Left.Enqueue(decision);
                        }
                    }
                }
            }
            finally
            {
                lock (slot)
                {
                    slot.Pending = null;
                }
                // Waiters look at the queue again (and one of them leads the next lease), whether this one worked or not.
                leading!.SetResult();
            }
            return decisions[0];
        }
    }

    private static IRateLimitBucketGrain Bucket(IGrainFactory grains, Tenant tenant) => grains.Keyed<IRateLimitBucketGrain>(tenant.ToString());

    /// <summary>Drops the decisions held for the organization's tenants: its next requests ask its buckets.</summary>
    public void Drop(string orgId)
    {
        foreach (var (key, slot) in _slots)
        {
            if (key.Tenant.OrgId == orgId)
            {
                Drop(slot);
            }
        }
    }

    public void DropAll()
    {
        foreach (var slot in _slots.Values)
        {
            Drop(slot);
        }
    }

    private static void Drop(Slot slot)
    {
        lock (slot)
        {
            slot.Left.Clear();
            slot.Drops++;
        }
    }
}
