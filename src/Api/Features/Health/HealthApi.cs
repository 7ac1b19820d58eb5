using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Health;

/// <summary>Liveness (the process answers) and readiness (the cluster answers grain calls and storage is reachable).</summary>
public static class HealthApi
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", () => TypedResults.Ok(new HealthDto("live")))
            .WithName("Live")
            .WithSummary("Liveness: 200 while the process runs");
        group.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("Readiness: 200 when grain calls (and so grain storage) and the query store answer, else 503")
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<HealthDto>, JsonHttpResult<ApiError>>> Ready(
        HttpContext context, IGrainFactory grains, IQueryStore queries, ILogger<HealthDto> logger)
    {
        var checks = new Dictionary<string, string>();
        try
        {
            // Activating a grain reads its state: this proves the cluster and grain storage in one call.
            await grains.GetGrain<IOrganizationGrain>("health-probe").Get().WaitAsync(ProbeTimeout, context.RequestAborted);
            checks["cluster"] = "ok";
            await queries.Ping(context.RequestAborted).WaitAsync(ProbeTimeout, context.RequestAborted);
            checks["queryStore"] = "ok";
            return TypedResults.Ok(new HealthDto("ready", checks));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Readiness probe failed");
            var failed = checks.ContainsKey("cluster") ? "queryStore" : "cluster";
            return TypedResults.Json(
                ErrorResponses.Create(context, ErrorCodes.Unavailable, $"Not ready: {failed} is unreachable",
                    new Dictionary<string, string> { ["check"] = failed }),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
