using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Events;

/// <summary>`/v1/events`: the tenant's durable event log.</summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/events")
            .WithTags("Events")
            .RequireScope("events:read")
            .WithErrorResponses(400, 401, 403, 404, 429);

        group.MapGet("/", List).WithPaging().WithCreatedRange()
            .WithQuery("type", "Only events of this type, e.g. policy.bound")
            .WithName("ListEvents")
            .WithSummary("List events, newest first; filter by `type`, `createdAfter`, `createdBefore` (exclusive)");
        group.MapGet("/{id}", Get)
            .WithName("GetEvent")
            .WithSummary("Retrieve an event");
        return group;
    }

    private static async Task<ListPage<EventDto>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        var paging = PageRequest.From(request);
        var type = request.Query["type"].ToString();
        var filter = new QueryFilter(
            type.Length > 0 ? new Dictionary<string, string> { ["type"] = type } : null,
            QueryParameters.Timestamp(request, "createdAfter"),
            QueryParameters.Timestamp(request, "createdBefore"));
        return await queries.Read<EventDto, EventDto>(QueryKinds.Event, context.Caller().Tenant.ToString(), filter, paging, Rendered);
    }

    private static async Task<Results<Ok<EventDto>, NotFound<ApiError>>> Get(string id, HttpContext context, IQueryStore queries)
    {
        var document = Ids.IsValid(IdPrefixes.Event, id) ? await queries.Get(QueryKinds.Event, context.Caller().Tenant.ToString(), id) : null;
        return document is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Event"))
            : TypedResults.Ok(Rendered(InsureJson.Deserialize<EventDto>(document)));
    }

    private static EventDto Rendered(EventDto stored) => stored with { Data = EventData.Render(stored.Type, stored.Data, stored.Timestamp) };
}
