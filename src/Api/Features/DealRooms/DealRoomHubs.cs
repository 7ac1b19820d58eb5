using Insure.Api.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Features.DealRooms;

/// <summary>Maps the deal-room hub behind a check of its signed link: a tampered, expired or other room's link is 401 at connect.</summary>
public static class DealRoomHubs
{
    public const string Path = "/realtime/deal-rooms";

    public static IEndpointRouteBuilder MapDealRoomHub(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<DealRoomHub>(Path + "/{roomId}");
        return routes;
    }

    /// <summary>The room id in a hub path (`/realtime/deal-rooms/{id}[/negotiate]`), or "".</summary>
    public static string RoomIn(PathString path) =>
        path.StartsWithSegments(Path, out var rest) ? rest.Value?.Trim('/').Split('/')[0] ?? "" : "";

    /// <summary>Runs before SignalR for the hub's paths (negotiate, connect): the link must be valid for the room in the path.</summary>
    public static IApplicationBuilder UseDealRoomLinks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(Path))
        {
            await next(context);
            return;
        }
        var roomId = RoomIn(context.Request.Path);
        var token = context.Request.Query["access_token"].ToString();
        if (context.RequestServices.GetRequiredService<DealRoomAccess>().Check(token, roomId) is null)
        {
            await ErrorResponses.Write(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "This deal-room link is not valid for this room, or has expired: ask GET /v1/deal-rooms/{id}/ws for a new one");
            return;
        }
        await next(context);
    });
}
