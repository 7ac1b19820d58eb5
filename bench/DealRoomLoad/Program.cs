using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Posting into a long deal room against a running Api: a new organization opens one room, then workers post messages
// through the API. The posting rate and latency are measured twice with the same load: into the empty room, and again
// once the room holds --fill messages. History is kept in segments, so the two should match. Prints a markdown row.
//   dotnet bench/out/dealroomload/Insure.DealRoomLoad.dll --url http://127.0.0.1:5095 --fill 100000
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
int Int(string name, int fallback) => int.Parse(options.GetValueOrDefault(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5095");
var admin = options.GetValueOrDefault("admin", "bench-admin-secret-0123456789abcdef");
var label = options.GetValueOrDefault("label", "embedded (memory)");
var workers = Int("concurrency", 8);
var measured = Int("measure", 3000);
var fill = Int("fill", 100_000);

using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
var organization = await Json(await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "Deal room bench" }));
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", organization.GetProperty("apiKey").GetProperty("key").GetString());
var submission = await Json(await http.PostAsJsonAsync("/v1/submissions", new
{
    insuredName = "Bench Logistics", naicsCode = "541511", annualRevenue = 2_000_000, requestedLimit = 1_000_000,
    effectiveDate = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), state = "CA", lineOfBusiness = "GL",
}));
async Task<string> Room(string name) => $"/v1/deal-rooms/{(await Json(await http.PostAsJsonAsync("/v1/deal-rooms", new
{
    submissionId = submission.GetProperty("id").GetString(), name,
    participants = new object[] { new { id = "brk", name = "Broker", role = "broker" }, new { id = "uw", name = "Underwriter", role = "underwriter" } },
}))).GetProperty("id").GetString()}/messages";

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
