using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Insure.Api.Tests.Faults;

/// <summary>A power loss: every silo and Api node killed at once, then started again, with no cleaning by hand.</summary>
[Collection(FaultCollection.Name)]
public sealed class FullOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AfterEveryNodeIsKilled_TheRestartedClusterServesWithin60Seconds_WithItsData()
    {
        await using var cluster = new LoopbackCluster(PostgresServer.Instance.CreateDatabase("poweroff"), silos: 2, apis: 1);
        var key = await cluster.StartWithOrganization("Power Loss Co");
        using var client = cluster.Client(0, key);
        var before = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var created = await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = $"Before {i}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            before.Add((await created.Json()).GetProperty("id").GetString()!);
        }

        // The power goes: no node leaves the membership table, whose rows stay active.
        foreach (var process in cluster.Silos.Concat(cluster.Apis))
        {
            await process!.Kill();
        }
        Assert.Equal(2, await cluster.ActiveSilos());

        // The power comes back: every node starts again, the silos on new addresses (as containers may), so no old row
        // is a restarted silo's own; the Api at the same time as the silos, so at first it is offered only dead gateways.
        cluster.Readdress(0);
        cluster.Readdress(1);
        var clock = Stopwatch.StartNew();
        cluster.StartSilo(0);
        cluster.StartSilo(1);
        cluster.StartApi(0);
        var written = TimeSpan.Zero;
        while (true)
        {
            try
            {
                var response = await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "After" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    written = clock.Elapsed;
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no write succeeded within 60 s of the restart:\n{cluster.Outputs()}");
            await Task.Delay(250);
        }
        output.WriteLine($"first write acknowledged {written.TotalSeconds:F1} s after the first silo started");

        foreach (var id in before)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/policyholders/{id}")).StatusCode);
        }
        // The dead silos' rows are declared dead by the restarted ones: only the two new silos are active.
        await cluster.WaitActiveSilos(2);
    }
}
