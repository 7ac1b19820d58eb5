using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace Insure.Api.Tests.Cluster;

/// <summary>
/// Two Silo processes and a client-mode Api process on one PostgreSQL database, as an operator runs them
/// (docker-compose.yml): one cluster, and state that survives stopping and starting all of it.
/// </summary>
public sealed class ClusterTests
{
    private const string AdminSecret = "cluster-admin-secret-0123456789abcdef";

    [Fact]
    public async Task TwoSilosAndAClientApi_FormOneCluster_AndStateSurvivesAFullRestart()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("cluster");
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        var apiPort = PostgresServer.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromSeconds(30) };

        string key, keyId;
        var processes = StartCluster(connectionString, clusterId, apiPort);
        try
        {
            await WaitUntilReady(http, processes);
            // Ready needs one silo; the second may still be joining.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await ActiveSilos(connectionString, clusterId) < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the second silo never joined:\n" + string.Join("\n", processes.Select(p => $"--- {p.Name}\n{p.Output}")));
                await Task.Delay(250);
            }

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminSecret);
            var organization = await (await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "Cluster Co" })).Json();
            key = organization.GetProperty("apiKey").GetProperty("key").GetString()!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            // Several keys, so grains are placed across both silos.
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/api-keys", new { name = $"k{i}", scopes = new[] { "*" } })).StatusCode);
            }
            keyId = (await (await http.GetAsync("/v1/api-keys?page_size=1")).Json()).GetProperty("data")[0].GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/api-keys/{keyId}")).StatusCode);

            // Webhooks are delivered by the silos, and carry each event as the Api shows it.
            await using var receiver = await WebhookReceiver.Start();
            var webhook = await http.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url("cluster"), events = new[] { "api_key.revoked" } });
            Assert.Equal(HttpStatusCode.Created, webhook.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/api-keys/{keyId}")).StatusCode);
            var delivered = JsonDocument.Parse((await receiver.WaitFor("cluster")).Single().Body).RootElement;
            Assert.Equal("api_key.revoked", delivered.GetProperty("type").GetString());
            Assert.Equal("api_key", delivered.GetProperty("data").GetProperty("object").GetString());
            Assert.Equal("revoked", delivered.GetProperty("data").GetProperty("status").GetString());
        }
        finally
        {
            // Silos first: the Api outlives them, and must stop reporting ready.
            foreach (var process in processes.Where(p => p.Name != "api"))
            {
                await process.Stop();
            }
        }
        var notReady = await (await ReadinessPoll.Until(http, HttpStatusCode.ServiceUnavailable, 60)).AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal("cluster", notReady.GetProperty("details").GetProperty("check").GetString());
        await processes.Single(p => p.Name == "api").Stop();
        Assert.Equal(0, await ActiveSilos(connectionString, clusterId));

        processes = StartCluster(connectionString, clusterId, apiPort);
        try
        {
            await WaitUntilReady(http, processes);
            var fetched = await http.GetAsync($"/v1/api-keys/{keyId}");
            Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
            Assert.Equal("k5", (await fetched.Json()).GetProperty("name").GetString());
            Assert.Equal("revoked", (await fetched.Json()).GetProperty("status").GetString());
            Assert.Equal(7, (await (await http.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
            Assert.Equal(7, (await (await http.GetAsync("/v1/events?type=api_key.created")).Json()).GetProperty("total").GetInt32());
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClientsOnTwoApiNodes_ShareADealRoom()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("dealrooms");
        var clusterId = "rooms-" + Guid.NewGuid().ToString("N")[..8];
        var ports = new[] { PostgresServer.FreePort(), PostgresServer.FreePort() };
        var processes = StartCluster(connectionString, clusterId, ports[0], silos: 1);
        processes.Add(StartApi(connectionString, clusterId, ports[1], "api-2"));
        try
        {
            using var first = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(30) };
            using var second = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[1]}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilReady(first, processes);
            await WaitUntilReady(second, processes);
            first.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminSecret);
            var key = (await (await first.PostAsJsonAsync("/v1/admin/organizations", new { name = "Rooms Co" })).Json()).GetProperty("apiKey").GetProperty("key").GetString();
            foreach (var node in new[] { first, second })
            {
                node.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            // The processes run on the real clock.
            var submissionId = await DealRoomSetup.Submission(first, DateOnly.FromDateTime(DateTime.UtcNow));
            var room = (await DealRoomSetup.Room(first, submissionId, "Across nodes")).GetProperty("id").GetString()!;
            Task<string> Link(HttpClient node, string participant) => DealRoomSetup.Link(node, room, participant);

            // The broker on the first node, the underwriter on the second, over WebSockets.
            var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var broker = new HubConnectionBuilder().WithUrl(await Link(first, "brk_1")).Build();
            await using var underwriter = new HubConnectionBuilder().WithUrl(await Link(second, "uw_1")).Build();
            underwriter.On<JsonElement>("message", m => heard.TrySetResult(m.GetProperty("body").GetString()!));
            // The underwriter's node announces it once it listens to the room; the broker hears that from the other node.
            // (The broker's own arrival first: from then on its node listens too.)
            var joined = new[] { "brk_1", "uw_1" }.ToDictionary(p => p, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            broker.On<JsonElement>("participantJoined", p => joined.GetValueOrDefault(p.GetProperty("participantId").GetString()!)?.TrySetResult());
            await broker.StartAsync();
            await joined["brk_1"].Task.WaitAsync(TimeSpan.FromSeconds(30));
            await underwriter.StartAsync();
            await joined["uw_1"].Task.WaitAsync(TimeSpan.FromSeconds(30));
            await broker.InvokeAsync("SendMessage", "Across the cluster");
            Assert.Equal("Across the cluster", await heard.Task.WaitAsync(TimeSpan.FromSeconds(30)));

            // A REST post on the first node reaches the client of the second too.
            var rest = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            underwriter.On<JsonElement>("message", m => { if (m.GetProperty("authorId").GetString() == "uw_1") rest.TrySetResult(m.GetProperty("body").GetString()!); });
            await first.PostAsJsonAsync($"/v1/deal-rooms/{room}/messages", new { authorId = "uw_1", body = "Posted over REST" });
            Assert.Equal("Posted over REST", await rest.Task.WaitAsync(TimeSpan.FromSeconds(30)));

            // The underwriter removed through the first node loses their connection to the second.
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            underwriter.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
            Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync($"/v1/deal-rooms/{room}/participants/uw_1")).StatusCode);
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HubConnectionState.Connected, broker.State);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static List<ServiceProcess> StartCluster(string connectionString, string clusterId, int apiPort, int silos = 2)
    {
        var processes = new List<ServiceProcess>();
        foreach (var name in new[] { "silo-a", "silo-b" }.Take(silos))
        {
            var environment = Common(connectionString, clusterId);
            environment["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString();
            environment["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString();
            processes.Add(ServiceProcess.Start("Silo", name, environment));
        }
        processes.Add(StartApi(connectionString, clusterId, apiPort, "api"));
        return processes;
    }

    private static ServiceProcess StartApi(string connectionString, string clusterId, int port, string name)
    {
        var api = Common(connectionString, clusterId);
        api["Insure__Mode"] = "Client";
        api["Insure__AdminSecret"] = AdminSecret;
        return ServiceProcess.Start("Api", name, api, $"--urls http://127.0.0.1:{port}");
    }

    private static Dictionary<string, string> Common(string connectionString, string clusterId) => new()
    {
        ["Insure__Storage"] = "Postgres",
        ["ConnectionStrings__Insure"] = connectionString,
        ["Insure__Orleans__ClusterId"] = clusterId,
        ["Insure__Orleans__AdvertisedIPAddress"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Insure__Webhooks__AllowLoopback"] = "true",
    };

    private static async Task WaitUntilReady(HttpClient http, IReadOnlyList<ServiceProcess> processes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var exited = processes.FirstOrDefault(p => p.HasExited);
            if (exited is not null)
            {
                Assert.Fail($"{exited.Name} exited:\n{exited.Output}");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Cluster not ready in time:\n" + string.Join("\n", processes.Select(p => $"--- {p.Name}\n{p.Output}")));
            }
            await Task.Delay(250);
        }
    }


    private static async Task<long> ActiveSilos(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = $1 AND status = 3", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
