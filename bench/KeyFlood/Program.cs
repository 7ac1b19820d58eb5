using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Insure.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Sends well-formed API keys that match no key (random ids and secrets) to a running Api, and reports its resident
// memory and grain activations before, during and after, as one JSON line. Used by bench/flood.sh.
//   --mode forged     random tags: the Api must refuse them on the tag alone
//   --mode authentic  tags made with --signing-secret (the Api's own): each one is looked up and its grain must go
//   --mode stats      sends nothing: prints "activations|resident MiB|the six commonest grain types" and exits
// Activations are read from the Api's embedded silo through its gateway, as an Orleans client.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5096");
var count = int.Parse(options.GetValueOrDefault("count", "50000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "64"), CultureInfo.InvariantCulture);
var pid = int.Parse(options["pid"], CultureInfo.InvariantCulture);
var gateway = int.Parse(options["gateway"], CultureInfo.InvariantCulture);
var mode = options.GetValueOrDefault("mode", "forged");
var signing = mode == "authentic" ? Encoding.UTF8.GetBytes(options["signing-secret"]) : null;

using var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .UseOrleansClient(c => c.UseLocalhostClustering(gateway, "insure", "insure"))
    .Build();
await host.StartAsync();
var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

if (mode == "stats")
{
    // Only the silo's activations and the process's memory now: one line, for bench/run.sh's memory section.
    var now = await management.GetSimpleGrainStatistics();
    static string Short(string type) => type.Split(',')[0].Split('.')[^1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{now.Sum(s => (long)s.ActivationCount)}|{RssKiB() / 1024}|{string.Join(", ", now.GroupBy(s => Short(s.GrainType)).Select(g => (Type: g.Key, Count: g.Sum(s => s.ActivationCount))).OrderByDescending(t => t.Count).Take(6).Select(t => $"{t.Type} {t.Count}"))}"));
    return;
}

async Task<(long Total, long ApiKeys)> Activations()
{
    var statistics = await management.GetSimpleGrainStatistics();
    return (statistics.Sum(s => (long)s.ActivationCount),
        statistics.Where(s => s.GrainType.Contains("ApiKey", StringComparison.OrdinalIgnoreCase)).Sum(s => (long)s.ActivationCount));
}

long RssKiB(string field = "VmRSS") =>
    long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

string NewKey()
{
    var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
    // A random signing key gives a random tag: right shape, wrong tag.
    return ApiKeyFormat.Compose(tenant, Ids.New("key"), ApiKeyFormat.NewSecret(), signing ?? RandomNumberGenerator.GetBytes(32));
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
var statuses = new Dictionary<int, int>();

async Task Send(int total)
{
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) <= total)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NewKey());
            using var response = await http.SendAsync(request);
            lock (statuses)
            {
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            }
        }
    }));
}

await Send(10_000); // warm-up: JIT, connections, the GC settling on its heap size
// Which grain types are active after the warm-up, for the run's .err file: shows what the counts below are made of.
Console.Error.WriteLine("grain types: " + string.Join(", ", (await management.GetSimpleGrainStatistics()).Select(s => $"{s.GrainType}={s.ActivationCount}")));
statuses.Clear();
var rssBefore = RssKiB();
var before = await Activations();
var samples = new List<object>();
var maxApiKeyActivations = before.ApiKeys;
// Activations are also polled while requests are in flight: those between batches have all been answered.
using var stop = new CancellationTokenSource();
var polls = 0;
var poller = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        var now = await Activations();
        Interlocked.Increment(ref polls);
        InterlockedMax(ref maxApiKeyActivations, now.ApiKeys);
        await Task.Delay(100);
    }
});
var started = Stopwatch.GetTimestamp();
var sent = 0;
while (sent < count)
{
    var batch = Math.Min(10_000, count - sent);
    await Send(batch);
    sent += batch;
    var now = await Activations();
    InterlockedMax(ref maxApiKeyActivations, now.ApiKeys);
    samples.Add(new { sent, rssMiB = RssKiB() / 1024, activations = now.Total, apiKeyActivations = now.ApiKeys });
}
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
await stop.CancelAsync();
await poller;
var after = await Activations();
Console.WriteLine(JsonSerializer.Serialize(new
{
    mode,
    count,
    concurrency,
    seconds = Math.Round(seconds, 1),
    // Includes the activation reads between batches of 10,000, which take milliseconds.
    requestsPerSecond = Math.Round(count / seconds, 0),
    statuses = statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
    rssBeforeMiB = rssBefore / 1024,
    rssAfterMiB = RssKiB() / 1024,
    rssPeakMiB = RssKiB("VmHWM") / 1024,
    activationsBefore = before.Total,
    activationsAfter = after.Total,
    apiKeyActivationsBefore = before.ApiKeys,
    apiKeyActivationsAfter = after.ApiKeys,
    apiKeyActivationsMaxSampled = maxApiKeyActivations,
    polls,
    samples,
}));
await host.StopAsync();

static void InterlockedMax(ref long target, long value)
{
    var current = Interlocked.Read(ref target);
    while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
    {
        current = Interlocked.Read(ref target);
    }
}
