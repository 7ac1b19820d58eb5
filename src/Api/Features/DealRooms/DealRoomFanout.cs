using Insure.Grains;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Insure.Api.Features.DealRooms;

/// <summary>
/// This node's subscriptions to deal-room streams: one per room that has a client connected here, taken when the first
/// client joins and dropped when the last leaves, forwarding each signal to the room's SignalR group on this node. So
/// clients on different Api nodes of one cluster share a room, and a node hears only the rooms its clients are in.
/// </summary>
public sealed class DealRoomFanout(IClusterClient cluster, IHubContext<DealRoomHub> hub, ILogger<DealRoomFanout> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (int Clients, StreamSubscriptionHandle<DealRoomSignal> Handle)> _rooms = [];

    public async Task Join(string roomKey)
    {
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
        finally
        {
            _gate.Release();
        }
    }

    public async Task Leave(string roomKey)
    {
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

    private IAsyncStream<DealRoomSignal> Stream(string roomKey) =>
        cluster.GetStreamProvider(Names.StreamProvider).GetStream<DealRoomSignal>(StreamId.Create(Names.DealRoomStreamNamespace, roomKey));

    private Task Forward(string roomKey, DealRoomSignal signal)
    {
        var group = hub.Clients.Group(roomKey);
        return signal.Kind == DealRoomSignals.Message && signal.Message is { } message
            ? group.SendAsync(DealRoomSignals.Message, new LiveMessage(message.Id, message.DealRoomId, message.AuthorId, message.Body, message.SentAt,
                message.Kind ?? DealRoomMessageKinds.Participant))
            : group.SendAsync(signal.Kind, new LiveParticipant(signal.DealRoomId, signal.ParticipantId, signal.ParticipantName));
    }
}

/// <summary>A message as live clients receive it; `kind` is `participant` or `system`.</summary>
public sealed record LiveMessage(string Id, string DealRoomId, string AuthorId, string Body, DateTimeOffset SentAt, string Kind);

/// <summary>Who joined, left or is typing.</summary>
public sealed record LiveParticipant(string DealRoomId, string? ParticipantId, string? Name);
