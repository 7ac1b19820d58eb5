using System.Diagnostics;

namespace Insure.Grains;

/// <summary>
/// The read leases an activation has handed out (<see cref="ILeasedRead{T}"/>), in memory only: each holder's latest,
/// timed on this machine's monotonic clock from when it was granted, which is after the holder started counting its own.
/// </summary>
internal sealed class ReadLeaseList(TimeSpan duration)
{
    private readonly Dictionary<GrainId, (IReadLeaseHolder Holder, long Until)> _held = [];

    /// <summary>Records a lease for <paramref name="holder"/> and says how long it runs (zero: leases are off).</summary>
    public TimeSpan Grant(IReadLeaseHolder holder)
    {
        if (duration <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        _held[holder.GetGrainId()] = (holder, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        return duration;
    }

    /// <summary>
    /// Tells every holder of a running lease to drop its copy of <paramref name="entity"/>, and completes once each has
    /// acknowledged or its lease has run out; the list is then empty. Never throws.
    /// </summary>
    public Task Revoke(GrainId entity)
    {
        if (_held.Count == 0)
        {
            return Task.CompletedTask;
        }
        var now = Stopwatch.GetTimestamp();
        var running = _held.Values.Where(lease => lease.Until > now).ToList();
        _held.Clear();
        return running.Count switch
        {
            0 => Task.CompletedTask,
            1 => Tell(running[0].Holder, running[0].Until, entity),
            _ => Task.WhenAll(running.Select(lease => Tell(lease.Holder, lease.Until, entity))),
        };
    }

    private static async Task Tell(IReadLeaseHolder holder, long until, GrainId entity)
    {
        Task? drop = null;
        try
        {
            drop = holder.Drop(entity);
            await drop.WaitAsync(Left(until));
        }
        catch (Exception)
        {
            // Gone, unreachable or slow: its copy is dropped when its lease runs out, so wait for that.
            // One given up on may still fail later: observed here, so its failure is not reported as unobserved.
            _ = drop?.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            var left = Left(until);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }
    }

    private static TimeSpan Left(long until) =>
        TimeSpan.FromSeconds(Math.Max(0, until - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
}
