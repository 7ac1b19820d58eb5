using Insure.Grains.Queries;

namespace Insure.Api.Features.Health;

/// <summary>
/// Whether this node can serve: the database (the query store) answers, and the cluster's membership lists an active
/// silo that answers. Probed at most once a second on each node, whoever asks and however often: a probe's answer is
/// kept for a second after it ends, and while one is under way every caller awaits it, so a load balancer polling every
/// node costs the cluster almost nothing, and a database that hangs gets one probe at a time.
/// </summary>
public sealed class Readiness(IGrainFactory grains, IQueryStore queries, ILogger<Readiness> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task<ReadinessReport>? _latest;
    private long _endedAt;

    /// <summary>The probe under way, or the latest one if it ended less than <see cref="CacheFor"/> ago, else a new one.</summary>
    public Task<ReadinessReport> Check()
    {
        lock (_gate)
        {
            // Real time (not the tenants' clocks, which tests move): this bounds how often the cluster is asked.
            var fresh = _latest is { IsCompleted: false }
                || (_latest is not null && System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _endedAt)) < CacheFor);
            if (!fresh)
            {
                _latest = Probe();
            }
            return _latest!;
        }
    }

    private async Task<ReadinessReport> Probe()
    {
        var checks = new Dictionary<string, string>();
        var check = "queryStore";
        try
        {
            using var timeout = new CancellationTokenSource(ProbeTimeout);
            await queries.Ping(timeout.Token).WaitAsync(timeout.Token);
            checks["queryStore"] = "ok";
            check = "cluster";
            // Answered by a silo from its view of the membership table: no silo answering, or none active, is not ready.
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token);
            if (silos.Count == 0)
            {
                return ReadinessReport.Failing(checks, check);
            }
            checks["cluster"] = "ok";
            checks["activeSilos"] = silos.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new ReadinessReport(null, checks);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Readiness probe failed: {Check} is unreachable", check);
            return ReadinessReport.Failing(checks, check);
        }
        finally
        {
            Volatile.Write(ref _endedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        }
    }
}
