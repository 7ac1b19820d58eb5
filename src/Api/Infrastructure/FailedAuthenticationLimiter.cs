using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

using Insure.Grains;
namespace Insure.Api.Infrastructure;

/// <summary>
/// Counts failed authentications (API keys and the admin secret) per client address over one-minute windows; an
/// address at `Insure:RateLimits:FailedAuthPerMinute` gets 429 until its window closes, before its credential is
/// looked at. Kept in this node's memory rather than in grains: a grain per address would let a flood of bad
/// credentials create activations, the cost this limit exists to avoid. Entries exist only for addresses that
/// failed in the last minute and are swept once a minute. IPv6 clients are counted per /64, the block one
/// subscriber usually holds.
/// </summary>
public sealed class FailedAuthenticationLimiter(ApiOptions options, [FromKeyedServices(Names.Clock)] TimeProvider time)
{
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>True when <paramref name="address"/> has used up its failures for now; <paramref name="retryAfter"/> is then whole seconds to wait.</summary>
    public bool IsBlocked(IPAddress? address, out int retryAfter)
    {
        retryAfter = 0;
        if (!_windows.TryGetValue(Key(address), out var window))
        {
            return false;
        }
        var now = time.GetUtcNow();
        lock (window)
        {
            if (now >= window.Start + Length || window.Count < options.RateLimits.FailedAuthPerMinute)
            {
                return false;
            }
            retryAfter = Math.Max(1, (int)Math.Ceiling((window.Start + Length - now).TotalSeconds));
            return true;
        }
    }

    public void RecordFailure(IPAddress? address)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        var window = _windows.GetOrAdd(Key(address), _ => new Window { Start = now });
        lock (window)
        {
            if (now >= window.Start + Length)
            {
                window.Start = now;
                window.Count = 0;
            }
            window.Count++;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + Length).UtcTicks, due) != due)
        {
            return;
        }
        foreach (var (key, window) in _windows)
        {
            bool closed;
            lock (window)
            {
                closed = now >= window.Start + Length;
            }
            if (closed)
            {
                _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
            }
        }
    }

    private static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private sealed class Window
    {
        public DateTimeOffset Start;
        public int Count;
    }
}
