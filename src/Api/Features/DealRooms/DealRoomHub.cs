using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.AspNetCore.SignalR;

namespace Insure.Api.Features.DealRooms;

/// <summary>
/// A deal room's live connection at `/realtime/deal-rooms/{id}`, opened with the signed link from
/// `GET /v1/deal-rooms/{id}/ws` (no API key): the link was checked before the connection was accepted
/// (<see cref="DealRoomHubs"/>), and the linked participant must still be in the room. Client -> server
/// `SendMessage(body)`, `Typing()`, and the reads a page needs without an API key, `GetRoom()` and
/// `GetMessages(before, after, pageSize)`; server -> client `message`, `typing`, `participantJoined`, `participantLeft`,
/// `participantRemoved` (after which the removed participant's connections are closed).
/// </summary>
public sealed class DealRoomHub(IGrainFactory grains, DealRoomFanout fanout, DealRoomAccess access) : Hub
{
    public override async Task OnConnectedAsync()
    {
        // Checked again here (the transports hand the hub a copy of the request, without what the check stored): the
        // grant is then kept with the connection for as long as it lasts.
        var http = Context.GetHttpContext();
        var grant = access.Check(http?.Request.Query["access_token"].ToString(), DealRoomHubs.RoomIn(http?.Request.Path ?? default))
            ?? throw new HubException("This deal-room link is not valid for this room, or has expired");
        Context.Items[nameof(DealRoomAccess.Grant)] = grant;
        var key = grant.Tenant.KeyFor(grant.Room);
        await Groups.AddToGroupAsync(Context.ConnectionId, key);
        // Joined before the membership check: a removal after the check reaches this connection through the fan-out,
        // and one before it fails the check.
        await fanout.Join(key, grant.Participant, Context);
        try
        {
            var room = await grains.Keyed<IDealRoomGrain>(key).Get();
            if (room is null || room.Participants.All(p => p.Id != grant.Participant))
            {
                throw NotInRoom(room);
            }
            await grains.Keyed<IDealRoomGrain>(key).Signal(grant.Participant, DealRoomSignals.Joined);
        }
        catch
        {
            // OnDisconnectedAsync is not called for a connection refused (or failed) here: undo the join, or the node
            // would keep the room's subscription for a client that never arrived.
            await fanout.Leave(key, Context.ConnectionId);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, key);
            throw;
        }
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var grant = Grant();
        var key = grant.Tenant.KeyFor(grant.Room);
        await fanout.Leave(key, Context.ConnectionId);
        await grains.Keyed<IDealRoomGrain>(key).Signal(grant.Participant, DealRoomSignals.Left);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Posts as the linked participant; the message reaches every client through the room's stream.</summary>
    public async Task SendMessage(string body)
    {
        var grant = Grant();
        var outcome = await grains.Keyed<IDealRoomGrain>(grant.Tenant.KeyFor(grant.Room)).Post(new NewDealRoomMessage(grant.Participant, body));
        if (outcome.Violation is { } refused)
        {
            throw new HubException(refused.Message);
        }
        if (outcome.Value is null)
        {
            throw new HubException("This deal room no longer exists");
        }
    }

    public Task Typing()
    {
        var grant = Grant();
        return grains.Keyed<IDealRoomGrain>(grant.Tenant.KeyFor(grant.Room)).Signal(grant.Participant, DealRoomSignals.Typing);
    }

    /// <summary>The room, its participants, who this connection speaks for and until when its link lets it reconnect.</summary>
    public async Task<LiveRoom> GetRoom()
    {
        var (grant, room) = await Membership();
        return new LiveRoom(room.Id, room.Name, room.ToResource().Participants, grant.Participant, DateTimeOffset.FromUnixTimeSeconds(grant.Expires));
    }

    /// <summary>
    /// A page of history as `GET /v1/deal-rooms/{id}/messages` answers it: newest first, with `hasMore`; `before` pages
    /// back, `after` catches up (at most one of them; null or "" for neither), `pageSize` 1 to 100.
    /// </summary>
    public async Task<DealRoomMessagePage> GetMessages(string? before, string? after, int pageSize)
    {
        if (pageSize is < 1 or > PageRequest.MaxPageSize)
        {
            throw new HubException($"pageSize must be from 1 to {PageRequest.MaxPageSize}; it is {pageSize}");
        }
        var (grant, _) = await Membership();
        var outcome = await grains.Keyed<IDealRoomGrain>(grant.Tenant.KeyFor(grant.Room))
            .History(new DealRoomHistoryQuery(string.IsNullOrEmpty(before) ? null : before, string.IsNullOrEmpty(after) ? null : after, pageSize));
        if (outcome.Violation is { } refused)
        {
            throw new HubException(refused.Message);
        }
        var page = outcome.Value ?? throw new HubException("This deal room no longer exists");
        return new DealRoomMessagePage("list", page.Messages.Select(m => m.ToResource()).ToList(), page.HasMore, pageSize, page.Total);
    }

    /// <summary>
    /// The room, when the linked participant is still in it. A removed participant's connections are closed by the
    /// fan-out; this covers the moment before, and a removal whose live signal was lost.
    /// </summary>
    private async Task<(DealRoomAccess.Grant Grant, DealRoomInfo Room)> Membership()
    {
        var grant = Grant();
        var room = await grains.Keyed<IDealRoomGrain>(grant.Tenant.KeyFor(grant.Room)).Get();
        return room is not null && room.Participants.Any(p => p.Id == grant.Participant) ? (grant, room) : throw NotInRoom(room);
    }

    private static HubException NotInRoom(DealRoomInfo? room) => new(room is null
        ? "This deal room no longer exists"
        : "You are no longer a participant of this deal room");

    private DealRoomAccess.Grant Grant() =>
        Context.Items.TryGetValue(nameof(DealRoomAccess.Grant), out var grant) && grant is DealRoomAccess.Grant held
            ? held
            : throw new HubException("This connection carries no deal-room link");
}
