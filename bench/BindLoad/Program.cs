using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Drives the bind flow (create submission -> quote -> bind) against a running Api with a fixed number of
// concurrent workers for a fixed time, and prints one JSON line of results. Used by bench/run.sh.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5098");
var admin = options.GetValueOrDefault("admin", "bench-admin-secret-0123456789abcdef");
var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "16"), CultureInfo.InvariantCulture);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
var organization = await (await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "Bind bench" })).Content.ReadFromJsonAsync<JsonElement>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", organization.GetProperty("apiKey").GetProperty("key").GetString());

var submission = new
{
    insuredName = "Bench Bakery LLC",
    naicsCode = "722511",
    annualRevenue = 1_850_000,
    requestedLimit = 1_000_000,
    effectiveDate = "2027-01-01",
    state = "TX",
    lineOfBusiness = "GL",
    deductible = 1000,
};

async Task<(double Flow, double Bind)?> BindOnce()
{
    var started = Stopwatch.GetTimestamp();
    var created = await http.PostAsJsonAsync("/v1/submissions", submission);
    if (!created.IsSuccessStatusCode)
    {
        return null;
    }
    var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
    if (!(await http.PostAsync($"/v1/submissions/{id}/quote", null)).IsSuccessStatusCode)
    {
        return null;
    }
    var bindStarted = Stopwatch.GetTimestamp();
    var bound = await http.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "MONTHLY_10" });
    var end = Stopwatch.GetTimestamp();
    return bound.IsSuccessStatusCode
        ? (Stopwatch.GetElapsedTime(started, end).TotalMilliseconds, Stopwatch.GetElapsedTime(bindStarted, end).TotalMilliseconds)
        : null;
}

async Task<(List<double> Flows, List<double> Binds, int Errors)> Run(TimeSpan duration)
{
    var flows = new List<double>();
    var binds = new List<double>();
    var errors = 0;
    var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var result = await BindOnce();
            lock (flows)
            {
                if (result is { } r)
                {
                    flows.Add(r.Flow);
                    binds.Add(r.Bind);
                }
                else
                {
                    errors++;
                }
            }
        }
    }));
    return (flows, binds, errors);
}

static double Percentile(List<double> values, double p)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

await Run(TimeSpan.FromSeconds(10)); // warm-up: lets tiered JIT settle before measuring
var (flowTimes, bindTimes, failures) = await Run(TimeSpan.FromSeconds(seconds));
Console.WriteLine(JsonSerializer.Serialize(new
{
    binds = bindTimes.Count,
    errors = failures,
    seconds,
    concurrency,
    bindsPerSecond = Math.Round(bindTimes.Count / (double)seconds, 1),
    flowP50Ms = Math.Round(Percentile(flowTimes, 0.50), 2),
    flowP99Ms = Math.Round(Percentile(flowTimes, 0.99), 2),
    bindP50Ms = Math.Round(Percentile(bindTimes, 0.50), 2),
    bindP99Ms = Math.Round(Percentile(bindTimes, 0.99), 2),
}));
