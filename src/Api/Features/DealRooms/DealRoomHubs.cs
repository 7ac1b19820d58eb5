using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.Net.Http.Headers;

namespace Insure.Api.Features.DealRooms;

/// <summary>
/// Maps the deal-room hub behind a check of its signed link: a tampered, expired or other room's link is 401 at connect.
/// The link doubles as the room's web page: a browser opening it gets the page (wwwroot/deal-room), which connects back
/// to the same address.
/// </summary>
public static class DealRoomHubs
{
    public const string Path = "/realtime/deal-rooms";

    /// <summary>The page's own files under wwwroot.</summary>
    public const string PageFile = "deal-room/index.html";
    public const string InvalidLinkFile = "deal-room/invalid-link.html";

    // The link's token is in the page's address: no referrer may carry it elsewhere, no cache may keep it, and the page
    // runs only its own scripts and talks only to its own origin.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapDealRoomHub(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<DealRoomHub>(Path + "/{roomId}");
        return routes;
    }

    /// <summary>The room id in a hub path (`/realtime/deal-rooms/{id}[/negotiate]`), or "".</summary>
    public static string RoomIn(PathString path) =>
        path.StartsWithSegments(Path, out var rest) ? rest.Value?.Trim('/').Split('/')[0] ?? "" : "";

    /// <summary>
    /// Runs before SignalR for the hub's paths (negotiate, connect): the link must be valid for the room in the path. A
    /// browser opening the link itself gets the room's page, or a readable 401 page when the link is not valid.
    /// </summary>
    public static IApplicationBuilder UseDealRoomLinks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(Path))
        {
            await next(context);
            return;
        }
        var roomId = RoomIn(context.Request.Path);
        var token = context.Request.Query["access_token"].ToString();
        var page = IsPageRequest(context);
        if (context.RequestServices.GetRequiredService<DealRoomAccess>().Check(token, roomId) is null)
        {
            if (page)
            {
                await WritePage(context, StatusCodes.Status401Unauthorized, InvalidLinkFile);
                return;
            }
            await ErrorResponses.Write(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                "This deal-room link is not valid for this room, or has expired: ask GET /v1/deal-rooms/{id}/ws for a new one");
            return;
        }
        if (page)
        {
            await WritePage(context, StatusCodes.Status200OK, PageFile);
            return;
        }
        await next(context);
    });

    /// <summary>
    /// A browser's navigation to the link itself: a GET of `/realtime/deal-rooms/{id}` asking for HTML. SignalR's own
    /// requests there are WebSocket upgrades or carry the connection's `id` (long polling, server-sent events).
    /// </summary>
    private static bool IsPageRequest(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || context.WebSockets.IsWebSocketRequest || request.Query.ContainsKey("id")
            || !request.Path.StartsWithSegments(Path, out var rest) || rest.Value?.Trim('/') is not { Length: > 0 } room || room.Contains('/'))
        {
            return false;
        }
        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task WritePage(HttpContext context, int status, string file)
    {
        var page = context.RequestServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo(file);
        if (!page.Exists)
        {
            throw new InvalidOperationException($"The deal-room page {file} is missing from wwwroot");
        }
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = page.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        await response.SendFileAsync(page, context.RequestAborted);
    }
}
