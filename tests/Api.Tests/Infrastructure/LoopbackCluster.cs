using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// Silo processes and client-mode Api processes on one PostgreSQL database, on loopback, each keeping its ports across
/// restarts as a deployment's nodes do: what the fault tests kill, stop and start again.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    public const string AdminSecret = "cluster-admin-secret-0123456789abcdef";

    private readonly (int SiloPort, int GatewayPort)[] _siloPorts;
    private readonly int[] _apiPorts;
    private readonly Dictionary<string, string> _settings;

    public string ConnectionString { get; }
    public string ClusterId { get; } = "faults-" + Guid.NewGuid().ToString("N")[..8];
    public ServiceProcess?[] Silos { get; }
    public ServiceProcess?[] Apis { get; }

    public LoopbackCluster(string connectionString, int silos, int apis, IDictionary<string, string>? settings = null)
    {
        ConnectionString = connectionString;
        _siloPorts = Enumerable.Range(0, silos).Select(_ => (PostgresServer.FreePort(), PostgresServer.FreePort())).ToArray();
        _apiPorts = Enumerable.Range(0, apis).Select(_ => PostgresServer.FreePort()).ToArray();
        Silos = new ServiceProcess?[silos];
        Apis = new ServiceProcess?[apis];
        _settings = new Dictionary<string, string>
        {
            ["Insure__Storage"] = "Postgres",
            ["ConnectionStrings__Insure"] = connectionString,
            ["Insure__Orleans__ClusterId"] = ClusterId,
            ["Insure__Orleans__AdvertisedIPAddress"] = "127.0.0.1",
            ["Insure__Webhooks__AllowLoopback"] = "true",
            ["Insure__RateLimits__Sandbox"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>
    /// Gives silo <paramref name="index"/> new ports for its next start, as a container restarted with a new address gets:
    /// its old row then names an address nobody answers on.
    /// </summary>
    public void Readdress(int index) => _siloPorts[index] = (PostgresServer.FreePort(), PostgresServer.FreePort());

    public void StartSilo(int index)
    {
        var settings = new Dictionary<string, string>(_settings)
        {
            ["Insure__Orleans__SiloPort"] = _siloPorts[index].SiloPort.ToString(),
            ["Insure__Orleans__GatewayPort"] = _siloPorts[index].GatewayPort.ToString(),
        };
        Silos[index] = ServiceProcess.Start("Silo", $"silo{index}", settings);
    }

    public void StartApi(int index)
    {
        var settings = new Dictionary<string, string>(_settings) { ["Insure__Mode"] = "Client", ["Insure__AdminSecret"] = AdminSecret };
        Apis[index] = ServiceProcess.Start("Api", $"api{index}", settings, $"--urls http://127.0.0.1:{_apiPorts[index]}");
    }

    public void StartAll()
    {
        for (var i = 0; i < Silos.Length; i++)
        {
            StartSilo(i);
        }
        for (var i = 0; i < Apis.Length; i++)
        {
            StartApi(i);
        }
    }

    /// <summary>Starts every node, waits until Api node 0 is ready and every silo is active, and makes an organization.</summary>
    public async Task<string> StartWithOrganization(string name)
    {
        StartAll();
        await WaitReady(0);
        await WaitActiveSilos(Silos.Length);
        return await CreateOrganization(name);
    }

    /// <summary>A client of Api node <paramref name="index"/>, sending <paramref name="key"/> if given.</summary>
    public HttpClient Client(int index, string? key = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_apiPorts[index]}"), Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>Waits until Api node <paramref name="index"/> is ready; fails with every node's output if it is not in time.</summary>
    public async Task WaitReady(int index, int seconds = 120)
    {
        using var client = Client(index);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline || All().FirstOrDefault(p => p.HasExited) is not null)
            {
                Assert.Fail($"api{index} not ready:\n" + Outputs());
            }
            await Task.Delay(250);
        }
    }

    /// <summary>Creates an organization through Api node 0 and returns its sandbox key.</summary>
    public async Task<string> CreateOrganization(string name)
    {
        using var admin = Client(0, AdminSecret);
        var response = await admin.PostAsJsonAsync("/v1/admin/organizations", new { name });
        var created = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
        return created.GetProperty("apiKey").GetProperty("key").GetString()!;
    }

    /// <summary>The silos the membership table lists as active.</summary>
    public async Task<long> ActiveSilos()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = $1 AND status = 3", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ClusterId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until the membership table lists exactly <paramref name="count"/> active silos.</summary>
    public async Task WaitActiveSilos(int count, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (await ActiveSilos() != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the membership table does not list {count} active silos:\n" + Outputs());
            await Task.Delay(250);
        }
    }

    public string Outputs() => string.Join("\n", All().Select(p => $"--- {p.Name}\n{p.Output}"));

    private IEnumerable<ServiceProcess> All() => Silos.Concat(Apis).OfType<ServiceProcess>();

    public async ValueTask DisposeAsync()
    {
        foreach (var process in All())
        {
            await process.DisposeAsync();
        }
    }
}
