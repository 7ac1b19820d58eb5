using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.AspNetCore.SignalR;

namespace Insure.Api.Features.DealRooms;

/// <summary>
/// A deal room's live connection at `/realtime/deal-rooms/{id}`, opened with the signed link from
/// `GET /v1/deal-rooms/{id}/ws` (no API key): the link was checked before the connection was accepted
/// (<see cref="DealRoomHubs"/>). Client -> server `SendMessage(body)` and `Typing()`; server -> client `message`,
/// `typing`, `participantJoined`, `participantLeft`.
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
        await fanout.Join(key);
        await grains.GetGrain<IDealRoomGrain>(key).Signal(grant.Participant, DealRoomSignals.Joined);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var grant = Grant();
        var key = grant.Tenant.KeyFor(grant.Room);
        await fanout.Leave(key);
        await grains.GetGrain<IDealRoomGrain>(key).Signal(grant.Participant, DealRoomSignals.Left);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Posts as the linked participant; the message reaches every client through the room's stream.</summary>
    public async Task SendMessage(string body)
    {
        var grant = Grant();
        var outcome = await grains.GetGrain<IDealRoomGrain>(grant.Tenant.KeyFor(grant.Room)).Post(new NewDealRoomMessage(grant.Participant, body));
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
        return grains.GetGrain<IDealRoomGrain>(grant.Tenant.KeyFor(grant.Room)).Signal(grant.Participant, DealRoomSignals.Typing);
    }

    private DealRoomAccess.Grant Grant() =>
        Context.Items.TryGetValue(nameof(DealRoomAccess.Grant), out var grant) && grant is DealRoomAccess.Grant held
            ? held
            : throw new HubException("This connection carries no deal-room link");
}
