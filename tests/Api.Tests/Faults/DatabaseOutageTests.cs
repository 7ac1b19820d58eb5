using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Insure.Api.Tests.Faults;

/// <summary>
/// PostgreSQL stopped under load, with a silo and a client-mode Api as an operator runs them (processes on loopback):
/// requests fail fast with 503 and Retry-After, nothing is half-written, and the platform serves again by itself once
/// the database is back, and stops promptly while it is away.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const string AdminSecret = "outage-admin-secret-0123456789abcdef";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StoppingPostgresMidLoad_Gives503sFast_LosesAndDuplicatesNothing_AndTheApiRecoversByItself()
    {
        using var database = new RestartablePostgres();
        var port = PostgresServer.FreePort();
        Dictionary<string, string> Node() => new()
        {
            ["Insure__Storage"] = "Postgres",
            ["ConnectionStrings__Insure"] = database.ConnectionString(),
            ["Insure__Orleans__ClusterId"] = "outage",
            ["Insure__Orleans__AdvertisedIPAddress"] = "127.0.0.1",
            ["Insure__RateLimits__Sandbox"] = "100000",
        };
        var siloSettings = Node();
        siloSettings["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString();
        siloSettings["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString();
        await using var silo = ServiceProcess.Start("Silo", "silo", siloSettings);
        var apiSettings = Node();
        apiSettings["Insure__Mode"] = "Client";
        apiSettings["Insure__AdminSecret"] = AdminSecret;
        await using var api = ServiceProcess.Start("Api", "api", apiSettings, $"--urls http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
        await ReadinessPoll.Until(http, HttpStatusCode.OK, 90);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminSecret);
        var organization = await (await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "Outage Co" })).Json();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", organization.GetProperty("apiKey").GetProperty("key").GetString());

        var writer = new RetryingWriter(http, TimeSpan.FromSeconds(30));
        using var stopLoad = new CancellationTokenSource();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(string Holder, string Policy)>();
        async Task Worker(int worker)
        {
            for (var i = 0; !stopLoad.IsCancellationRequested; i++)
            {
                var holder = await writer.Post("/v1/policyholders", new { type = "company", companyName = $"Worker {worker} client {i}" });
                var submission = await writer.Post("/v1/submissions", new
                {
                    insuredName = $"Worker {worker} client {i}", naicsCode = "541511", annualRevenue = 1_000_000, requestedLimit = 1_000_000,
                    effectiveDate = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"), state = "TX", lineOfBusiness = "GL", deductible = 1000,
                    policyholderId = holder.GetProperty("id").GetString(),
                });
                var id = submission.GetProperty("id").GetString();
                await writer.Post($"/v1/submissions/{id}/quote", null);
                var policy = await writer.Post($"/v1/submissions/{id}/bind", new { installmentPlan = "MONTHLY_10" });
                acknowledged.Add((holder.GetProperty("id").GetString()!, policy.GetProperty("id").GetString()!));
            }
        }
        var workers = Enumerable.Range(0, 4).Select(Worker).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var stoppedAt = DateTimeOffset.UtcNow;
        database.Stop();
        await Task.Delay(Outage);
        var unready = await http.GetAsync("/health/ready");
        database.Start();
        var restartedAt = DateTimeOffset.UtcNow;
        await ReadinessPoll.Until(http, HttpStatusCode.OK, 60);
        await Task.Delay(TimeSpan.FromSeconds(3));
        stopLoad.Cancel();
        await Task.WhenAll(workers);

        // While the database was away: 503 with Retry-After, each answered well inside the client's patience; never a 500.
        var during = writer.Attempts.Where(a => a.At > stoppedAt.AddSeconds(1) && a.At + a.Took < restartedAt).ToList();
        Assert.NotEmpty(during);
        Assert.All(during, a => Assert.True(a.Status == HttpStatusCode.ServiceUnavailable || a.Status == HttpStatusCode.Conflict,
            $"{a.Path} answered {a.Status?.ToString() ?? "nothing"} during the outage: {a.Answer}"));
        Assert.All(during.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.NotNull(a.RetryAfter));
        Assert.True(during.Max(a => a.Took) < TimeSpan.FromSeconds(10), $"an attempt took {during.Max(a => a.Took)} during the outage");
        Assert.DoesNotContain(writer.Attempts, a => (int?)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        var firstSuccess = writer.Attempts.Where(a => a.At > restartedAt && a.Status is { } s && (int)s < 300).Min(a => a.At + a.Took);
        output.WriteLine($"outage {Outage.TotalSeconds} s: {during.Count} attempts, {during.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} answered 503, " +
            $"{during.Count(a => a.Status == HttpStatusCode.Conflict)} 409 (key in flight); slowest {during.Max(a => a.Took).TotalMilliseconds:F0} ms, " +
            $"median {during.Select(a => a.Took.TotalMilliseconds).Order().ElementAt(during.Count / 2):F0} ms; first write acknowledged " +
            $"{(firstSuccess - restartedAt).TotalSeconds:F1} s after the database was back; {acknowledged.Count} flows acknowledged");

        // Afterwards every acknowledged write reads back, and nothing was written twice.
        Assert.NotEmpty(acknowledged);
        foreach (var (holder, policy) in acknowledged)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/policyholders/{holder}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/policies/{policy}")).StatusCode);
        }
        var policies = (await (await http.GetAsync("/v1/policies?page_size=1")).Json()).GetProperty("total").GetInt32();
        Assert.Equal(acknowledged.Count, policies);
        await using (var connection = new NpgsqlConnection(database.ConnectionString() + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM orleansstorage WHERE graintypestring = 'policy'", connection);
            Assert.Equal((long)acknowledged.Count, await count.ExecuteScalarAsync());
        }

        // With the database away again, both still stop when asked, promptly and without an unhandled exception.
        database.Stop();
        foreach (var process in new[] { api, silo })
        {
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await process.Stop();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"stopping {process.Name} took {stopping.Elapsed}:\n{process.Output}");
            Assert.Equal(0, process.ExitCode);
            Assert.DoesNotContain("Unhandled exception", process.Output);
        }
    }
}
