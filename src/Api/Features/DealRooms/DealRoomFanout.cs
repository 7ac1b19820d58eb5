using Insure.Grains;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Insure.Api.Features.DealRooms;

/// <summary>
/// This node's subscriptions to deal-room streams: one per room that has a client connected here, taken when the first
/// client joins and dropped when the last leaves, forwarding each signal to the room's SignalR group on this node. So
/// clients on different Api nodes of one cluster share a room, and a node hears only the rooms its clients are in.
/// It also knows which participant each of its connections speaks for, so a participant removed from a room loses
/// their connections to it on every node.
/// </summary>
public sealed class DealRoomFanout(IClusterClient cluster, IHubContext<DealRoomHub> hub, ILogger<DealRoomFanout> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (int Clients, StreamSubscriptionHandle<DealRoomSignal> Handle)> _rooms = [];

    // Kept apart from _gate: a removal read from the stream must not wait behind a subscription in progress.
    private readonly Lock _connectionsLock = new();
    private readonly Dictionary<string, Dictionary<string, (string Participant, HubCallerContext Connection)>> _connections = [];

    /// <summary>A connection of <paramref name="participantId"/> joined the room: listen to it, and remember who speaks.</summary>
    public async Task Join(string roomKey, string participantId, HubCallerContext connection)
    {
        lock (_connectionsLock)
        {
            if (!_connections.TryGetValue(roomKey, out var held))
            {
                _connections[roomKey] = held = [];
            }
            held[connection.ConnectionId] = (participantId, connection);
        }
        await _gate.WaitAsync();
        try
        {
            if (_rooms.TryGetValue(roomKey, out var room))
            {
                _rooms[roomKey] = room with { Clients = room.Clients + 1 };
                return;
            }
            var handle = await Stream(roomKey).SubscribeAsync((signal, _) => Forward(roomKey, signal));
            _rooms[roomKey] = (1, handle);
        }
        catch
        {
            // The connection is refused, and OnDisconnectedAsync never comes for it: forget it here.
            Forget(roomKey, connection.ConnectionId);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task Leave(string roomKey, string connectionId)
    {
        Forget(roomKey, connectionId);
        await _gate.WaitAsync();
        try
        {
            if (!_rooms.TryGetValue(roomKey, out var room))
            {
                return;
            }
            if (room.Clients > 1)
            {
                _rooms[roomKey] = room with { Clients = room.Clients - 1 };
                return;
            }
            _rooms.Remove(roomKey);
            await room.Handle.UnsubscribeAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Leaving the stream of {Room} failed", roomKey);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rooms this node listens to (for tests and diagnostics).</summary>
    public int Rooms => _rooms.Count;

    /// <summary>Connections this node holds, over all rooms (for tests and diagnostics).</summary>
    public int Connections
    {
        get
        {
            lock (_connectionsLock)
            {
                return _connections.Values.Sum(room => room.Count);
            }
        }
    }

    private IAsyncStream<DealRoomSignal> Stream(string roomKey) =>
        cluster.GetStreamProvider(Names.StreamProvider).GetStream<DealRoomSignal>(StreamId.Create(Names.DealRoomStreamNamespace, roomKey));

    private async Task Forward(string roomKey, DealRoomSignal signal)
    {
        var group = hub.Clients.Group(roomKey);
        if (signal.Kind == DealRoomSignals.Message && signal.Message is { } message)
        {
            await group.SendAsync(DealRoomSignals.Message, message.ToResource());
            return;
        }
        await group.SendAsync(signal.Kind, new LiveParticipant(signal.DealRoomId, signal.ParticipantId, signal.ParticipantName));
        if (signal.Kind == DealRoomSignals.Removed && signal.ParticipantId is { } removed)
        {
            // Told first (a page then says why it stops), then cut: a client that ignores the notice reconnects
            // into the hub's membership check, which refuses it.
            foreach (var connection in ConnectionsOf(roomKey, removed))
            {
                connection.Abort();
            }
        }
    }

    private void Forget(string roomKey, string connectionId)
    {
        lock (_connectionsLock)
        {
            if (_connections.TryGetValue(roomKey, out var held) && held.Remove(connectionId) && held.Count == 0)
            {
                _connections.Remove(roomKey);
            }
        }
    }

    private List<HubCallerContext> ConnectionsOf(string roomKey, string participantId)
    {
        lock (_connectionsLock)
        {
            return _connections.TryGetValue(roomKey, out var held)
                ? held.Values.Where(c => c.Participant == participantId).Select(c => c.Connection).ToList()
                : [];
        }
    }
}

/// <summary>Who joined, left or is typing.</summary>
public sealed record LiveParticipant(string DealRoomId, string? ParticipantId, string? Name);
