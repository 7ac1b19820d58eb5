using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Health;

/// <summary>Liveness (the process answers) and readiness (the database answers, and an active silo does).</summary>
public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", () => TypedResults.Ok(new HealthDto("live")))
            .WithName("Live")
            .WithSummary("Liveness: 200 while the process runs");
        group.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("Readiness: 200 when the database (query store) answers and an active silo answers, else 503 with Retry-After; "
                + "probed at most once a second per node, no credential needed")
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<HealthDto>, JsonHttpResult<ApiError>>> Ready(HttpContext context, Readiness readiness)
    {
        var report = await readiness.Check().WaitAsync(context.RequestAborted);
        if (report.Failed is not { } failed)
        {
            return TypedResults.Ok(new HealthDto("ready", report.Checks));
        }
        // A load balancer asks again soon; clients that read the header wait as long as the answer is kept.
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Json(
            ErrorResponses.Create(context, ErrorCodes.Unavailable, $"Not ready: {failed} is unreachable",
                new Dictionary<string, string> { ["check"] = failed }),
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
