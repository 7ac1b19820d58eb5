using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Insure.Api.Tests.Faults;

/// <summary>
/// A rolling restart under load: each of two silos in turn is stopped with SIGTERM (it leaves gracefully, handing its
/// grains over) and started again, while a client keeps writing through a client-mode Api.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RestartingEachSiloInTurnWithSigterm_KeepsTheApiAnswering_AndLosesNoAcknowledgedWrite()
    {
        await using var cluster = new LoopbackCluster(PostgresServer.Instance.CreateDatabase("rolling"), silos: 2, apis: 1);
        var key = await cluster.StartWithOrganization("Rolling Co");
        using var client = cluster.Client(0, key);
        var writer = new RetryingWriter(client, TimeSpan.FromSeconds(90));

        var holders = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        async Task Worker(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                holders.Add((await writer.Post("/v1/policyholders", new { type = "company", companyName = $"Worker {worker} client {i}" }))
                    .GetProperty("id").GetString()!);
            }
        }
        var workers = Enumerable.Range(0, 3).Select(Worker).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));

        var stops = new List<TimeSpan>();
        for (var silo = 0; silo < 2; silo++)
        {
            var stopping = Stopwatch.StartNew();
            await cluster.Silos[silo]!.Stop();
            stops.Add(stopping.Elapsed);
            Assert.Equal(0, cluster.Silos[silo]!.ExitCode);
            // The silo left the table as leaving, not as a dead one the others must vote out.
            await cluster.WaitActiveSilos(1);
            await Task.Delay(TimeSpan.FromSeconds(2));
            cluster.StartSilo(silo);
            await cluster.WaitActiveSilos(2, seconds: 90);
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        stop.Cancel();
        await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        var failed = writer.Attempts.Where(a => a.Status is not { } s || (int)s >= 300).ToList();
        var slowest = writer.Attempts.Max(a => a.Took);
        output.WriteLine($"{holders.Count} writes acknowledged; {writer.Attempts.Count} attempts, {failed.Count} not successful " +
            $"({string.Join(", ", failed.GroupBy(a => a.Status?.ToString() ?? "no answer").Select(g => $"{g.Count()} {g.Key}"))}); " +
            $"slowest attempt {slowest.TotalMilliseconds:F0} ms; the silos stopped in {string.Join(" and ", stops.Select(s => $"{s.TotalSeconds:F1} s"))}");
        // A graceful leave hands the grains over: no call waits out a timeout for a silo that left.
        Assert.True(slowest < TimeSpan.FromSeconds(20), $"an attempt took {slowest}:\n{cluster.Outputs()}");
        Assert.DoesNotContain(writer.Attempts, a => a.Status == HttpStatusCode.InternalServerError);
        Assert.All(stops, s => Assert.True(s < TimeSpan.FromSeconds(30), $"a silo took {s} to stop"));

        Assert.Equal(holders.Count, (await (await client.GetAsync("/v1/policyholders?page_size=1")).Json()).GetProperty("total").GetInt32());
        foreach (var holder in holders.Take(50))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/policyholders/{holder}")).StatusCode);
        }
    }
}
