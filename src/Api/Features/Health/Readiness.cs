using Insure.Grains.Queries;

namespace Insure.Api.Features.Health;

/// <summary>
/// Whether this node can serve: the cluster's membership lists an active silo that answers, and the database (the query
/// store) answers. Probed at most once a second on each node, whoever asks and however often: callers within a second
/// of a probe share its answer, and a probe under way is awaited, not repeated, so a load balancer polling every node
/// costs the cluster almost nothing.
/// </summary>
public sealed class Readiness(IGrainFactory grains, IQueryStore queries, ILogger<Readiness> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task<ReadinessReport>? _latest;
    private long _probedAt;

    /// <summary>The latest probe's answer if it started less than <see cref="CacheFor"/> ago, else a new probe's.</summary>
    public Task<ReadinessReport> Check()
    {
        lock (_gate)
        {
            // Real time (not the tenants' clocks, which tests move): this bounds how often the cluster is asked.
            if (_latest is null || System.Diagnostics.Stopwatch.GetElapsedTime(_probedAt) >= CacheFor)
            {
                _probedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                _latest = Probe();
            }
            return _latest;
        }
    }

    private async Task<ReadinessReport> Probe()
    {
        var checks = new Dictionary<string, string>();
        try
        {
            // Answered by a silo from its view of the membership table: no silo answering, or none active, is not ready.
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(ProbeTimeout);
            if (silos.Count == 0)
            {
                return ReadinessReport.Failing(checks, "cluster");
            }
            checks["cluster"] = "ok";
            checks["activeSilos"] = silos.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await queries.Ping().WaitAsync(ProbeTimeout);
            checks["queryStore"] = "ok";
            return new ReadinessReport(null, checks);
        }
        catch (Exception ex)
        {
            var failed = checks.ContainsKey("cluster") ? "queryStore" : "cluster";
            logger.LogWarning(ex, "Readiness probe failed: {Check} is unreachable", failed);
            return ReadinessReport.Failing(checks, failed);
        }
    }
}
