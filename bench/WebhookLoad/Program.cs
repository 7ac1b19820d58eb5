using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// Webhook fan-out against a running Api (started with Insure__Webhooks__AllowLoopback=true): subscribes N webhooks of a
// new organization to policyholder.created, all pointing at a receiver in this process (Kestrel on a free loopback
// port, one path per subscription), creates policyholders through the API with a few workers for a fixed time, then
// waits for the deliveries. Prints a row of the benchmarks page's webhook table, then the figures as JSON. Used by
// bench/webhooks.sh.
//   --subscriptions N   webhooks, each receiving every event
//   --rate R            events offered per second across the workers (0: each worker as fast as the API answers)
// Every delivery is counted by X-Insure-Event-Id per subscription path and its X-Insure-Signature checked; latency is
// receipt time less the event's own timestamp (stamped by the grain as it commits), and receipt less the moment the
// creating request was answered.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
int Int(string name, int fallback) => int.Parse(options.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5094");
var admin = options.GetValueOrDefault("admin", "bench-admin-secret-0123456789abcdef");
var seconds = Int("seconds", 20);
var workers = Int("concurrency", 8);
var subscriptions = Int("subscriptions", 1);
var rate = Int("rate", 0);
var warmup = Int("warmup", 5);
// After the load stops, deliveries are awaited until all arrived or none arrived for this long (past the first retry, 1 min).
var quiet = TimeSpan.FromSeconds(Int("quiet", 75));

// The receiver. Every arrival is kept: the first per (path, event id) counts, later ones are duplicates.
var secrets = new string[subscriptions];
var first = new Dictionary<(int Hook, string EventId), Receipt>();
var duplicates = 0;
var badSignatures = 0;
var lastArrival = DateTimeOffset.UtcNow;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
await using var receiver = builder.Build();
receiver.MapPost("/hook/{hook:int}", async (int hook, HttpRequest request) =>
{
    using var buffer = new MemoryStream();
    await request.Body.CopyToAsync(buffer);
    var at = DateTimeOffset.UtcNow;
    var body = buffer.ToArray();
    using var json = JsonDocument.Parse(body);
    var eventId = request.Headers["X-Insure-Event-Id"].ToString();
    var signed = request.Headers["X-Insure-Signature"] == "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secrets[hook]), body));
    var receipt = new Receipt(json.RootElement.GetProperty("data").GetProperty("id").GetString()!, json.RootElement.GetProperty("timestamp").GetDateTimeOffset(), at);
    lock (first)
    {
        lastArrival = at;
        badSignatures += signed ? 0 : 1;
        if (!first.TryAdd((hook, eventId), receipt))
        {
            duplicates++;
        }
    }
    return Results.Ok();
});
await receiver.StartAsync();
var receiverUrl = receiver.Urls.First();

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers + 4 }) { BaseAddress = new Uri(url) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
var organization = await (await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "webhook bench" })).Content.ReadFromJsonAsync<JsonElement>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", organization.GetProperty("apiKey").GetProperty("key").GetString());
var webhookIds = new string[subscriptions];
for (var i = 0; i < subscriptions; i++)
{
    using var response = await http.PostAsJsonAsync("/v1/webhooks", new { url = $"{receiverUrl}/hook/{i}", events = new[] { "policyholder.created" } });
    var webhook = response.IsSuccessStatusCode
        ? await response.Content.ReadFromJsonAsync<JsonElement>()
        : throw new InvalidOperationException($"POST /v1/webhooks answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    (webhookIds[i], secrets[i]) = (webhook.GetProperty("id").GetString()!, webhook.GetProperty("secret").GetString()!);
}

// Creates policyholders for the given time; returns each one's id with the moment its 201 arrived, and the failures.
async Task<(Dictionary<string, DateTimeOffset> Created, int Errors)> Load(TimeSpan duration)
{
    var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    var errors = 0;
    long slot = -1;
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
    {
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            if (rate > 0)
            {
                // Paced: each request takes the next slot of the schedule and waits for its time.
                var due = TimeSpan.FromSeconds(Interlocked.Increment(ref slot) / (double)rate);
                if (due >= duration)
                {
                    break;
                }
                if (due - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }
            }
            using var response = await http.PostAsJsonAsync("/v1/policyholders",
                new { type = "individual", firstName = "Bench", lastName = "Holder", email = "holder@bench.example" });
            var answered = DateTimeOffset.UtcNow;
            var id = response.StatusCode == HttpStatusCode.Created ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString() : null;
            lock (created)
            {
                if (id is not null)
                {
                    created[id] = answered;
                }
                else
                {
                    errors++;
                }
            }
        }
    }));
    return (created, errors);
}

List<(int Hook, Receipt Receipt)> Arrived(Dictionary<string, DateTimeOffset> created)
{
    lock (first)
    {
        return first.Where(p => created.ContainsKey(p.Value.EntityId)).Select(p => (p.Key.Hook, p.Value)).ToList();
    }
}

DateTimeOffset LastArrival()
{
    lock (first)
    {
        return lastArrival;
    }
}

// Waits until every subscription has every created event, or nothing has arrived for `quiet`.
async Task Drain(Dictionary<string, DateTimeOffset> created)
{
    while (Arrived(created).Count < created.Count * subscriptions && DateTimeOffset.UtcNow - LastArrival() < quiet)
    {
        await Task.Delay(250);
    }
}

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}

// Warm-up: lets tiered JIT settle and the delivery path's grains activate; its deliveries are awaited, then ignored.
await Drain((await Load(TimeSpan.FromSeconds(warmup))).Created);
var loadStart = DateTimeOffset.UtcNow;
var (measured, failures) = await Load(TimeSpan.FromSeconds(seconds));
var loadEnd = DateTimeOffset.UtcNow;
await Drain(measured);
var arrived = Arrived(measured);
var expected = measured.Count * subscriptions;
var last = arrived.Count == 0 ? loadEnd : arrived.Max(a => a.Receipt.At);
var fromEvent = arrived.Select(a => (a.Receipt.At - a.Receipt.EventTime).TotalMilliseconds).ToList();
var fromAnswer = arrived.Select(a => (a.Receipt.At - measured[a.Receipt.EntityId]).TotalMilliseconds).ToList();
var deliveriesPerSecond = arrived.Count / (last - loadStart).TotalSeconds;

// What the Api's own delivery log says per subscription (warm-up included), to explain any missing delivery.
async Task<long> Total(string webhookId, string status) =>
    (await http.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{webhookId}/deliveries?status={status}&page_size=1")).GetProperty("total").GetInt64();
var log = new List<object>();
foreach (var id in webhookIds)
{
    log.Add(new { webhookId = id, delivered = await Total(id, "delivered"), pending = await Total(id, "pending"), failed = await Total(id, "failed") });
}
var missing = Enumerable.Range(0, subscriptions)
    .SelectMany(hook => measured.Keys.Except(arrived.Where(a => a.Hook == hook).Select(a => a.Receipt.EntityId)).Select(entity => $"hook {hook}: {entity}"))
    .Take(20).ToList();

var load = rate > 0 ? $"{workers} workers, {rate}/s offered" : $"{workers} workers, unpaced";
// Line 1: a row of the benchmarks page's webhook table.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.GetValueOrDefault("label", "webhooks")} | {subscriptions} | {load} | {measured.Count / (double)seconds:0.0} | {deliveriesPerSecond:0.0} | " +
    $"{arrived.Count} / {expected} | {duplicates} | {badSignatures} | {(last - loadEnd).TotalSeconds:0.0} s | " +
    $"{Percentile(fromEvent, 0.50):0.0} / {Percentile(fromEvent, 0.99):0.0} ms | {Percentile(fromAnswer, 0.50):0.0} / {Percentile(fromAnswer, 0.99):0.0} ms | {failures} |"));
// Line 2: the same figures as JSON, with the Api's delivery counts and the first missing deliveries, if any.
Console.WriteLine(JsonSerializer.Serialize(new
{
    subscriptions,
    workers,
    rate,
    seconds,
    events = measured.Count,
    errors = failures,
    eventsPerSecond = Math.Round(measured.Count / (double)seconds, 1),
    deliveriesPerSecond = Math.Round(deliveriesPerSecond, 1),
    expected,
    received = arrived.Count,
    duplicates,
    badSignatures,
    drainSeconds = Math.Round((last - loadEnd).TotalSeconds, 1),
    fromEventP50Ms = Percentile(fromEvent, 0.50),
    fromEventP99Ms = Percentile(fromEvent, 0.99),
    fromAnswerP50Ms = Percentile(fromAnswer, 0.50),
    fromAnswerP99Ms = Percentile(fromAnswer, 0.99),
    apiDeliveryLog = log,
    missing,
}));
await receiver.StopAsync();

/// <summary>The first arrival of one event at one subscription: the policyholder it created, the event's timestamp, when it came.</summary>
internal sealed record Receipt(string EntityId, DateTimeOffset EventTime, DateTimeOffset At);
