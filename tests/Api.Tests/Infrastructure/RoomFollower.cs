using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// A live deal-room client written as the README asks: it holds the room's messages by their `sequence`, and when a live
/// message skips a number, or once it has (re)connected, it asks `GetMessages` after the last message it holds in order
/// until `hasMore` is false. Counts what it heard live and what it had to catch up.
/// </summary>
public sealed class RoomFollower(string link) : IAsyncDisposable
{
    private readonly SortedDictionary<long, string> _held = [];
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private HubConnection? _connection;

    public int HeardLive { get; private set; }
    public int CaughtUp { get; private set; }
    public List<string> Conflicts { get; } = [];

    /// <summary>The ids held, in the room's order.</summary>
    public IReadOnlyList<string> Ids
    {
        get
        {
            lock (_held)
            {
                return [.. _held.Values];
            }
        }
    }

    /// <summary>
    /// Connects (trying again until <paramref name="within"/> has passed) and catches up; a catch-up that fails while the
    /// cluster fails over is asked again at the next gap.
    /// </summary>
    public async Task Connect(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var connection = new HubConnectionBuilder().WithUrl(link).Build();
            connection.On<JsonElement>("message", message =>
            {
                if (Hold(message, live: true))
                {
                    _ = CatchUpQuietly();
                }
            });
            try
            {
                await connection.StartAsync();
                _connection = connection;
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await connection.DisposeAsync();
                await Task.Delay(500);
            }
        }
        await CatchUpQuietly();
    }

    /// <summary>Drops the connection, as a network fault would.</summary>
    public async Task Disconnect()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>Reads what it misses: forward from the last message held in order, pages of 100, until no gap is left.</summary>
    public async Task CatchUp()
    {
        await _catchingUp.WaitAsync();
        try
        {
            while (_connection is { } connection)
            {
                string? before = null, after = null;
                lock (_held)
                {
                    if (InOrder() is var last && last > 0)
                    {
                        after = _held[last];
                    }
                    else if (_held.Count > 0)
                    {
                        // Nothing from the first message on: page back from the oldest held.
                        before = _held.First().Value;
                    }
                }
                var page = await connection.InvokeAsync<JsonElement>("GetMessages", before, after, 100);
                foreach (var message in page.GetProperty("data").EnumerateArray())
                {
                    Hold(message, live: false);
                }
                if (page.GetProperty("hasMore").GetBoolean())
                {
                    continue;
                }
                lock (_held)
                {
                    if (InOrder() == (_held.Count == 0 ? 0 : _held.Keys.Last()))
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    private async Task CatchUpQuietly()
    {
        try
        {
            await CatchUp();
        }
        catch (Exception)
        {
            // The cluster may still be failing over; the next gap, or the next connect, asks again.
        }
    }

    /// <summary>Keeps a message; true when it shows a gap before it.</summary>
    private bool Hold(JsonElement message, bool live)
    {
        var sequence = message.GetProperty("sequence").GetInt64();
        var id = message.GetProperty("id").GetString()!;
        lock (_held)
        {
            if (_held.TryGetValue(sequence, out var held))
            {
                if (held != id)
                {
                    Conflicts.Add($"{sequence}: {held} and {id}");
                }
                return false;
            }
            _held[sequence] = id;
            if (live)
            {
                HeardLive++;
            }
            else
            {
                CaughtUp++;
            }
            return sequence > 1 && !_held.ContainsKey(sequence - 1);
        }
    }

    /// <summary>The highest sequence up to which every message is held (0 for none).</summary>
    private long InOrder()
    {
        var last = 0L;
        foreach (var sequence in _held.Keys)
        {
            if (sequence != last + 1)
            {
                break;
            }
            last = sequence;
        }
        return last;
    }

    public async ValueTask DisposeAsync() => await Disconnect();
}
