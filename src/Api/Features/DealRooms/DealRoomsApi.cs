using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.DealRooms;

/// <summary>`/v1/deal-rooms`: broker-underwriter negotiation on a submission, with a paged message history.</summary>
public static class DealRoomsApi
{
    public static RouteGroupBuilder MapDealRooms(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/deal-rooms")
            .WithTags("Deal rooms")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429);

        group.MapPost("/", Create).RequireScope("deal_rooms:write")
            .WithName("CreateDealRoom")
            .WithSummary("Open a deal room on one of the caller's submissions, with its participants (broker, underwriter, insured, observer)");
        group.MapGet("/", List).RequireScope("deal_rooms:read").WithPaging()
            .WithQuery("submissionId", "Only the rooms of this submission")
            .WithQuery("participantId", "Only the rooms this participant is in")
            .WithName("ListDealRooms")
            .WithSummary("List deal rooms, newest first; filter by `submissionId`, `participantId`");
        group.MapGet("/{id}", Get).RequireScope("deal_rooms:read")
            .WithName("GetDealRoom")
            .WithSummary("Retrieve a deal room with its participants");
        group.MapPost("/{id}/participants", AddParticipant).RequireScope("deal_rooms:write")
            .WithName("AddDealRoomParticipant")
            .WithSummary("Add a participant `{\"id\",\"name\",\"role\"}`; an id already in the room is 409");
        group.MapDelete("/{id}/participants/{participantId}", RemoveParticipant).RequireScope("deal_rooms:write")
            .WithName("RemoveDealRoomParticipant")
            .WithSummary("Remove a participant");
        group.MapPost("/{id}/messages", Post).RequireScope("deal_rooms:write")
            .WithName("PostDealRoomMessage")
            .WithSummary("Post a message `{\"authorId\",\"body\"}`; the author must be a participant (else 403), the body at most 4,000 characters");
        group.MapGet("/{id}/messages", History).RequireScope("deal_rooms:read")
            .WithQuery("before", "A message id: the page of messages just older than it (infinite scroll)")
            .WithQuery("after", "A message id: the page of messages just newer than it (catching up after a reconnect)")
            .WithQuery("page_size", "Messages per page, 1 to 100 (default 30)")
            .WithName("ListDealRoomMessages")
            .WithSummary("A page of the room's messages, newest first, with `hasMore`; page with the `before` and `after` cursors; `kind` tells participants' messages from `system` ones")
            .WithDescription("Without a cursor: the newest messages. With `before`: the messages just older than it. With `after`: the "
                + "messages just newer than it, oldest of them first in time but still listed newest first; call again with the newest "
                + "id you hold until `hasMore` is false. `page` is not used: cursors page this list.");
        group.MapGet("/{id}/ws", Link).RequireScope("deal_rooms:read")
            .WithQuery("participantId", "The participant the link connects as (required)")
            .WithName("GetDealRoomLink")
            .WithSummary("A short-lived signed link to the room's web page and live connection (SignalR), for a participant; it needs no API key")
            .WithDescription($"`wsUrl` (`{DealRoomHubs.Path}/{{id}}?access_token=...`) is both the room's web page and its SignalR endpoint. "
                + "Opened in a browser it shows the room as this participant sees it: the participants, the history (scrolling up loads older "
                + "messages), live messages, who is typing, arrivals and departures, and a box to write in; hand the link to the participant, "
                + "who needs nothing else. A SignalR client connects to the same address. The link is valid for 10 minutes for this room and "
                + "participant (a connection made in time stays open); a tampered, expired or other room's link is refused with 401, which a "
                + "browser sees as a page saying so. Client -> server: `SendMessage(body)`, `Typing()`, `GetRoom()` -> `{id, name, participants, "
                + "participantId, linkExpiresAt}`, `GetMessages(before, after, pageSize)` -> a page as `GET /v1/deal-rooms/{id}/messages` answers "
                + "it. Server -> client: `message` `{id, dealRoomId, authorId, body, sentAt, kind}` (`kind` `participant`, or `system` for platform messages such as referral decisions), `typing`, `participantJoined`, `participantLeft`, "
                + "`participantRemoved` `{dealRoomId, participantId, name}`; removing a participant closes their connections and their link no "
                + "longer connects. Messages posted over REST reach connected clients too; after a reconnect, catch up with "
                + "`GetMessages(null, <newest id held>, 100)` or `GET .../messages?after=`.");
        return group;
    }

    private static async Task<Results<Ok<DealRoomLinkResource>, NotFound<ApiError>>> Link(
        string id, HttpContext context, IGrainFactory grains, DealRoomAccess access)
    {
        var participant = context.Request.Query["participantId"].ToString();
        if (participant.Length == 0)
        {
            throw ApiException.Validation("participantId", "required", "Missing required query parameter: participantId");
        }
        var room = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        if (room is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Deal room"));
        }
        if (room.Participants.All(p => p.Id != participant))
        {
            throw ApiException.Validation("participantId", "not_participant", $"{participant} is not a participant of this deal room");
        }
        var (token, expires) = access.Issue(context.Caller().Tenant, id, participant);
        context.Response.Headers.CacheControl = "no-store";
        var request = context.Request;
        return TypedResults.Ok(new DealRoomLinkResource($"{request.Scheme}://{request.Host}{DealRoomHubs.Path}/{id}?access_token={token}", expires, participant));
    }

    private static async Task<Created<DealRoomResource>> Create(CreateDealRoomRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var id = Ids.New(IdPrefixes.DealRoom, context.TenantClock());
        var created = (await context.TenantGrains(grains).Get<IDealRoomGrain>(id).Create(new NewDealRoom(
            body!.SubmissionId, body.Name, body.Participants?.Select(p => p.ToParticipant()).ToList(), context.Caller().Actor))).ValueOrThrow()!;
        return TypedResults.Created($"/v1/deal-rooms/{id}", created.ToResource());
    }

    private static async Task<ListPage<DealRoomResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        var tags = new Dictionary<string, string>();
        if (request.Query["submissionId"].ToString() is { Length: > 0 } submission)
        {
            tags["submissionId"] = submission;
        }
        if (request.Query["participantId"].ToString() is { Length: > 0 } participant)
        {
            tags["participant:" + participant] = "true";
        }
        return await queries.Read<DealRoomInfo, DealRoomResource>(QueryKinds.DealRoom, context.Caller().Tenant.ToString(),
            new QueryFilter(tags.Count > 0 ? tags : null, null, null), PageRequest.From(request), r => r.ToResource());
    }

    private static async Task<Results<Ok<DealRoomResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var room = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return room is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Deal room")) : TypedResults.Ok(room.ToResource());
    }

    private static async Task<Results<Created<DealRoomResource>, NotFound<ApiError>>> AddParticipant(
        string id, ParticipantRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var room = Grain(id, context, grains) is { } grain
            ? (await grain.AddParticipant(body.ToParticipant(), context.Caller().Actor)).ValueOrThrow()
            : null;
        return room is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Deal room"))
            : TypedResults.Created($"/v1/deal-rooms/{id}", room.ToResource());
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> RemoveParticipant(string id, string participantId, HttpContext context, IGrainFactory grains)
    {
        var room = Grain(id, context, grains) is { } grain ? (await grain.RemoveParticipant(participantId, context.Caller().Actor)).ValueOrThrow() : null;
        return room is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Deal room or participant")) : TypedResults.NoContent();
    }

    private static async Task<Results<Created<DealRoomMessageResource>, NotFound<ApiError>>> Post(
        string id, PostMessageRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var posted = Grain(id, context, grains) is { } grain
            ? (await grain.Post(new NewDealRoomMessage(body!.AuthorId, body.Body, context.RequestKey("msgreq"),
                context.Features.Get<RequestAnchor>()?.RetriesUncertain == true))).ValueOrThrow()
            : null;
        return posted is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Deal room"))
            : TypedResults.Created($"/v1/deal-rooms/{id}/messages", posted.ToResource());
    }

    private static async Task<Results<Ok<DealRoomMessagePage>, NotFound<ApiError>>> History(string id, HttpContext context, IGrainFactory grains)
    {
        var paging = PageRequest.From(context.Request);
        var query = new DealRoomHistoryQuery(NonEmpty(context.Request.Query["before"]), NonEmpty(context.Request.Query["after"]), paging.PageSize);
        var page = Grain(id, context, grains) is { } grain ? (await grain.History(query)).ValueOrThrow() : null;
        return page is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Deal room"))
            : TypedResults.Ok(new DealRoomMessagePage("list", page.Messages.Select(m => m.ToResource()).ToList(), page.HasMore, paging.PageSize, page.Total));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IDealRoomGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IDealRoomGrain>(IdPrefixes.DealRoom, id);
}
