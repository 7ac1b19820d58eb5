using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

// Posting into a long deal room against a running Api: a new organization opens one room, then workers post messages
// through the API. The posting rate and latency are measured twice with the same load: into the empty room, and again
// once the room holds --fill messages. History is kept in segments, so the two should match. Prints a markdown row.
// Then, for each count in --clients, the live fan-out: that many SignalR clients connected to a fresh room as one
// participant, a further client as the other sending --fanout-messages at --fanout-rate per second through the hub's
// SendMessage; the latency from the send to each client's receipt of the `message` is a second markdown row per count.
//   dotnet bench/out/dealroomload/Insure.DealRoomLoad.dll --url http://127.0.0.1:5095 --fill 100000 --clients 1,100
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
int Int(string name, int fallback) => int.Parse(options.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5095");
var admin = options.GetValueOrDefault("admin", "bench-admin-secret-0123456789abcdef");
var label = options.GetValueOrDefault("label", "embedded (memory)");
var workers = Int("concurrency", 8);
var measured = Int("measure", 3000);
var fill = Int("fill", 100_000);
var clientCounts = options.GetValueOrDefault("clients", "1,100").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var fanoutMessages = Int("fanout-messages", 200);
var fanoutRate = Int("fanout-rate", 10);

using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
var organization = await Json(await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "Deal room bench" }));
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", organization.GetProperty("apiKey").GetProperty("key").GetString());
var submission = await Json(await http.PostAsJsonAsync("/v1/submissions", new
{
    insuredName = "Bench Logistics", naicsCode = "541511", annualRevenue = 2_000_000, requestedLimit = 1_000_000,
    effectiveDate = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), state = "CA", lineOfBusiness = "GL",
}));
async Task<string> Room(string name) => $"/v1/deal-rooms/{await RoomId(name)}/messages";
async Task<string> RoomId(string name) => (await Json(await http.PostAsJsonAsync("/v1/deal-rooms", new
{
    submissionId = submission.GetProperty("id").GetString(), name,
    participants = new object[] { new { id = "brk", name = "Broker", role = "broker" }, new { id = "uw", name = "Underwriter", role = "underwriter" } },
}))).GetProperty("id").GetString()!;

// The long room is filled first, which also warms the process (JIT, first activations); then the same load is measured
// into it and into a new, empty room, both warm.
var path = await Room("Long room");
var filled = Stopwatch.StartNew();
await Post(fill);
filled.Stop();
var full = await Post(measured);
var longPath = path;
path = await Room("Empty room");
var empty = await Post(measured);
path = longPath;
var count = (await Json(await http.GetAsync(path + "?page_size=1"))).GetProperty("total").GetInt64();
var read = Stopwatch.StartNew();
await Json(await http.GetAsync(path + "?page_size=100"));
read.Stop();

Console.WriteLine($"| {label} | {empty.Rate:F1} posts/s (p50 {empty.P50:F1} ms, p99 {empty.P99:F1} ms) | {full.Rate:F1} posts/s (p50 {full.P50:F1} ms, p99 {full.P99:F1} ms) at {fill:N0} messages | {fill / filled.Elapsed.TotalSeconds:F1} posts/s while filling | newest page of 100: {read.Elapsed.TotalMilliseconds:F1} ms | {empty.Errors + full.Errors} |");

foreach (var clients in clientCounts)
{
    var fan = await Fanout(clients);
    Console.WriteLine($"| {label} | {clients} | {fan.Messages} at {fanoutRate}/s | {fan.Deliveries:N0} | p50 {fan.P50:F1} ms, p99 {fan.P99:F1} ms | p50 {fan.LastP50:F1} ms, p99 {fan.LastP99:F1} ms | {fan.Missing} |");
}

// One room, `clients` receivers connected as the underwriter, a sender as the broker. Warm-up messages are sent until
// every receiver has heard one (a client's start returns before the server has added it to the room), then the paced
// messages are timed from just before SendMessage to each receiver's handler.
async Task<Fan> Fanout(int clients)
{
    var room = await RoomId($"Fan-out to {clients}");
    async Task<HubConnection> Connect(string participant)
    {
        var link = await Json(await http.GetAsync($"/v1/deal-rooms/{room}/ws?participantId={participant}"));
        var connection = new HubConnectionBuilder().WithUrl(link.GetProperty("wsUrl").GetString()!).Build();
        await connection.StartAsync();
        return connection;
    }
    var sent = new long[fanoutMessages];
    var latencies = new List<double>(fanoutMessages * clients);
    var received = new int[fanoutMessages];
    var last = new double[fanoutMessages];
    var warmed = new bool[clients];
    var receivers = new List<HubConnection>();
    for (var i = 0; i < clients; i++)
    {
        var receiver = i;
        var connection = await Connect("uw");
        connection.On<JsonElement>("message", message =>
        {
            var at = Stopwatch.GetTimestamp();
            var body = message.GetProperty("body").GetString()!;
            lock (latencies)
            {
                if (body.StartsWith("warm", StringComparison.Ordinal))
                {
                    warmed[receiver] = true;
                    return;
                }
                var n = int.Parse(body.AsSpan(2, body.IndexOf(' ') - 2), CultureInfo.InvariantCulture);
                var ms = Stopwatch.GetElapsedTime(sent[n], at).TotalMilliseconds;
                latencies.Add(ms);
                received[n]++;
                last[n] = Math.Max(last[n], ms);
            }
        });
        receivers.Add(connection);
    }
    var sender = await Connect("brk");
    var warmDeadline = DateTime.UtcNow.AddSeconds(60);
    while (true)
    {
        await sender.InvokeAsync("SendMessage", "warm-up");
        lock (latencies)
        {
            if (warmed.All(w => w))
            {
                break;
            }
        }
        if (DateTime.UtcNow > warmDeadline)
        {
            throw new InvalidOperationException("Not every client joined the room within 60 s");
        }
        await Task.Delay(100);
    }
    var pace = Stopwatch.StartNew();
    for (var n = 0; n < fanoutMessages; n++)
    {
        var due = TimeSpan.FromSeconds((double)n / fanoutRate);
        if (due > pace.Elapsed)
        {
            await Task.Delay(due - pace.Elapsed);
        }
        sent[n] = Stopwatch.GetTimestamp();
        await sender.InvokeAsync("SendMessage", $"m-{n} Revised terms: 1M xs 25k at {4_000 + n}");
    }
    // Whatever is still in flight gets up to 10 s; a message a client never hears is counted as missing.
    var settle = DateTime.UtcNow.AddSeconds(10);
    while (DateTime.UtcNow < settle)
    {
        lock (latencies)
        {
            if (latencies.Count == fanoutMessages * clients)
            {
                break;
            }
        }
        await Task.Delay(50);
    }
    await sender.DisposeAsync();
    foreach (var connection in receivers)
    {
        await connection.DisposeAsync();
    }
    lock (latencies)
    {
        latencies.Sort();
        var complete = last.Where((_, n) => received[n] == clients).Order().ToArray();
        return new Fan(fanoutMessages, latencies.Count, Percentile(latencies, 0.5), Percentile(latencies, 0.99),
            complete.Length == 0 ? double.NaN : Percentile(complete, 0.5), complete.Length == 0 ? double.NaN : Percentile(complete, 0.99),
            fanoutMessages * clients - latencies.Count);
    }
}

static double Percentile(IReadOnlyList<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];


async Task<Result> Post(int total)
{
    var latencies = new List<double>(total);
    var errors = 0;
    var next = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
    {
        while (Interlocked.Increment(ref next) <= total)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync(path, new { authorId = worker % 2 == 0 ? "brk" : "uw", body = "Can you do 1M xs 25k at 4,200?" });
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (latencies)
            {
                latencies.Add(elapsed);
                errors += response.IsSuccessStatusCode ? 0 : 1;
            }
        }
    }));
    clock.Stop();
    latencies.Sort();
    return new Result(total / clock.Elapsed.TotalSeconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], errors);
}

static async Task<JsonElement> Json(HttpResponseMessage response)
{
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
    }
    return JsonDocument.Parse(text).RootElement.Clone();
}

internal sealed record Result(double Rate, double P50, double P99, int Errors);

internal sealed record Fan(int Messages, int Deliveries, double P50, double P99, double LastP50, double LastP99, int Missing);
