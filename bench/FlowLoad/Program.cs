using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Drives one HTTP flow against a running Api with a fixed number of concurrent workers for a fixed time, and prints
// one JSON line of results: flows per second, the whole flow's p50/p99, and each step's. Used by bench/run.sh.
//   --flow bind:  POST /v1/submissions, /quote, /bind (GL, MONTHLY_10, or --plan PIF etc.)
//   --flow claim: POST /v1/claims (FNOL), /investigate, /reserves (indemnity), /settle (the whole reserve)
//                 against a few policies bound (backdated 30 days) before the clock starts.
// With --flows N it runs N flows as fast as it can and prints "N|seconds|errors". Otherwise it warms up for --warmup
// seconds (30) before the measured --seconds.
// With --roundtrips CONNECTION (an Api in Postgres mode on a server with pg_stat_statements loaded) it instead runs
// each step alone, --count times one after another, and prints a markdown row per step of what one request of it costs
// the database: statements executed (pg_stat_statements' calls), less what the idle platform ran in as long; then the
// statements behind the last step, grouped, per request.
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5098");
var admin = options.GetValueOrDefault("admin", "bench-admin-secret-0123456789abcdef");
var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "16"), CultureInfo.InvariantCulture);
var flowName = options.GetValueOrDefault("flow", "bind");
var plan = options.GetValueOrDefault("plan", "MONTHLY_10");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
var organization = await (await http.PostAsJsonAsync("/v1/admin/organizations", new { name = $"{flowName} bench" })).Content.ReadFromJsonAsync<JsonElement>();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", organization.GetProperty("apiKey").GetProperty("key").GetString());

var today = DateOnly.FromDateTime(DateTime.UtcNow);
string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

/// <summary>Posts a step and returns its response body, or null when it failed.</summary>
async Task<JsonElement?> Post(string path, object? body)
{
    using var response = body is null ? await http.PostAsync(path, null) : await http.PostAsJsonAsync(path, body);
    return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
}

async Task<string?> Bind(DateOnly effective)
{
    var submission = await Post("/v1/submissions", new
    {
        insuredName = "Bench Bakery LLC",
        naicsCode = "722511",
        annualRevenue = 1_850_000,
        requestedLimit = 1_000_000,
        effectiveDate = Day(effective),
        state = "TX",
        lineOfBusiness = "GL",
        deductible = 1000,
    });
    var id = submission?.GetProperty("id").GetString();
    if (id is null || await Post($"/v1/submissions/{id}/quote", null) is null)
    {
        return null;
    }
    return (await Post($"/v1/submissions/{id}/bind", new { installmentPlan = "MONTHLY_10" }))?.GetProperty("id").GetString();
}

// One flow is a list of steps; each step posts and passes the id it learned to the next.
(string Name, Func<string?, Task<string?>> Run)[] steps;
if (flowName == "bind")
{
    steps =
    [
        ("submit", async _ => (await Post("/v1/submissions", new
        {
            insuredName = "Bench Bakery LLC",
            naicsCode = "722511",
            annualRevenue = 1_850_000,
            requestedLimit = 1_000_000,
            effectiveDate = Day(today.AddDays(30)),
            state = "TX",
            lineOfBusiness = "GL",
            deductible = 1000,
        }))?.GetProperty("id").GetString()),
        ("quote", async id => await Post($"/v1/submissions/{id}/quote", null) is null ? null : id),
        ("bind", async id => (await Post($"/v1/submissions/{id}/bind", new { installmentPlan = plan }))?.GetProperty("id").GetString()),
    ];
}
else if (flowName == "claim")
{
    // Claims spread over a few policies, as a book of business would have them.
    var policies = new List<string>();
    for (var i = 0; i < 8; i++)
    {
        policies.Add(await Bind(today.AddDays(-30)) ?? throw new InvalidOperationException("could not bind a policy to file claims against"));
    }
    var next = 0;
    steps =
    [
        ("fnol", async _ => (await Post("/v1/claims", new
        {
            policyId = policies[Interlocked.Increment(ref next) % policies.Count],
            dateOfLoss = Day(today.AddDays(-2)),
            description = "Water damage from a burst pipe in the kitchen",
            claimant = new { name = "Bench Bakery LLC", email = "owner@bench-bakery.example" },
            lossLocation = "Kitchen",
            estimatedAmount = 8_500,
        }))?.GetProperty("id").GetString()),
        ("investigate", async id => await Post($"/v1/claims/{id}/investigate", new { adjusterId = "adj_bench" }) is null ? null : id),
        ("reserve", async id => await Post($"/v1/claims/{id}/reserves", new { category = "indemnity", amount = 7_500, reason = "estimate" }) is null ? null : id),
        // 8,500 settled less the 1,000 deductible pays out the 7,500 reserve: the claim is settled.
        ("settle", async id => await Post($"/v1/claims/{id}/settle", new { amount = 8_500, payee = "Bench Bakery LLC" }) is null ? null : id),
    ];
}
else
{
    throw new ArgumentException($"unknown flow '{flowName}': bind or claim");
}

async Task<double[]?> FlowOnce()
{
    var times = new double[steps.Length];
    string? carried = null;
    for (var i = 0; i < steps.Length; i++)
    {
        var started = Stopwatch.GetTimestamp();
        carried = await steps[i].Run(carried);
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (carried is null)
        {
            return null;
        }
    }
    return times;
}

async Task<(List<double[]> Flows, int Errors)> Run(TimeSpan duration)
{
    var flows = new List<double[]>();
    var errors = 0;
    var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var result = await FlowOnce();
            lock (flows)
            {
                if (result is not null)
                {
                    flows.Add(result);
                }
                else
                {
                    errors++;
                }
            }
        }
    }));
    return (flows, errors);
}

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 2);
}

if (options.TryGetValue("roundtrips", out var database))
{
    await RoundTrips(database, int.Parse(options.GetValueOrDefault("count", "20"), CultureInfo.InvariantCulture));
    return;
}

async Task RoundTrips(string connectionString, int count)
{
    await using var source = Npgsql.NpgsqlDataSource.Create(connectionString);
    await using (var create = source.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
    {
        await create.ExecuteNonQueryAsync();
    }
    const string Mine = "query NOT LIKE '%pg_stat_statements%'";
    async Task<long> Statements()
    {
        await using var read = source.CreateCommand($"SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE {Mine}");
        return (long)(await read.ExecuteScalarAsync())!;
    }
    // Asynchronous work a request leaves (outboxes, projections, deliveries) is counted with it: each window waits this long.
    var settle = TimeSpan.FromSeconds(3);
    for (var i = 0; i < 3; i++)
    {
        await FlowOnce(); // warm-up
    }
    await Task.Delay(settle);
    var idleStart = await Statements();
    var idleClock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(10));
    var idleEnd = await Statements();
    var idleSeconds = idleClock.Elapsed.TotalSeconds;
    var idleStatements = (idleEnd - idleStart) / idleSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| (idle platform, per second) | {idleStatements:0.0} | |"));

    var carried = new string?[count];
    for (var step = 0; step < steps.Length; step++)
    {
        await using (var reset = source.CreateCommand("SELECT pg_stat_statements_reset()"))
        {
            await reset.ExecuteNonQueryAsync();
        }
        var before = await Statements();
        var clock = Stopwatch.StartNew();
        var took = new List<double>();
        for (var j = 0; j < count; j++)
        {
            var started = Stopwatch.GetTimestamp();
            carried[j] = await steps[step].Run(carried[j]) ?? throw new InvalidOperationException($"{steps[step].Name} failed");
            took.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        await Task.Delay(settle);
        var after = await Statements();
        var seconds = clock.Elapsed.TotalSeconds;
        var statements = (after - before - idleStatements * seconds) / count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {steps[step].Name} | {statements:0.0} | {Percentile(took, 0.5):0.0} ms |"));
        if (step == steps.Length - 1)
        {
            // What the last step ran: the statements, grouped by their text's first words, per request.
            await using var top = source.CreateCommand(
                $"SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90), sum(calls)::bigint, sum(total_exec_time) FROM pg_stat_statements WHERE {Mine} " +
                "GROUP BY 1 ORDER BY 2 DESC LIMIT 25");
            await using var reader = await top.ExecuteReaderAsync();
            Console.WriteLine($"### {steps[step].Name}: statements per request (over {count} requests and {seconds:0.0} s, idle work included)");
            while (await reader.ReadAsync())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{reader.GetString(0).Replace("|", "\\|", StringComparison.Ordinal)}` | {reader.GetInt64(1) / (double)count:0.00} | {reader.GetDouble(2) / reader.GetInt64(1):0.000} ms |"));
            }
        }
    }
}

if (options.TryGetValue("flows", out var flowCount))
{
    // A fixed number of flows, as fast as they go (for filling a process): prints "flows|seconds|errors".
    var target = int.Parse(flowCount, CultureInfo.InvariantCulture);
    var begun = 0;
    var failed = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref begun) <= target)
        {
            if (await FlowOnce() is null)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{target}|{clock.Elapsed.TotalSeconds:0.0}|{failed}"));
    return;
}

// Warm-up, the same in both modes: lets tiered JIT settle before measuring. 10 s was too short on two busy cores: the
// Postgres path compiles more code (Npgsql, the ADO.NET providers), and a bind run measured just after 10 s found the
// Api busy 1.24 cores for 79 flows/s, against 0.87 cores for 134 flows/s after 20 s more.
await Run(TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup", "30"), CultureInfo.InvariantCulture)));
var (measured, failures) = await Run(TimeSpan.FromSeconds(seconds));
var stepCells = steps.Select((s, i) => $"{s.Name} {Percentile(measured.Select(t => t[i]), 0.50):0.0} / {Percentile(measured.Select(t => t[i]), 0.99):0.0} ms");
// Line 1: a row of the benchmarks page's flow table (label, flows/s, flow p50, flow p99, each step's p50 / p99, flows, errors).
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.GetValueOrDefault("label", flowName)} | {measured.Count / (double)seconds:0.0} | {Percentile(measured.Select(t => t.Sum()), 0.50):0.0} ms | " +
    $"{Percentile(measured.Select(t => t.Sum()), 0.99):0.0} ms | {string.Join("; ", stepCells)} | {measured.Count} | {failures} |"));
// Line 2: the same figures as JSON.
Console.WriteLine(JsonSerializer.Serialize(new
{
    flow = flowName,
    flows = measured.Count,
    errors = failures,
    seconds,
    concurrency,
    flowsPerSecond = Math.Round(measured.Count / (double)seconds, 1),
    flowP50Ms = Percentile(measured.Select(t => t.Sum()), 0.50),
    flowP99Ms = Percentile(measured.Select(t => t.Sum()), 0.99),
    steps = steps.Select((s, i) => new { name = s.Name, p50Ms = Percentile(measured.Select(t => t[i]), 0.50), p99Ms = Percentile(measured.Select(t => t[i]), 0.99) }),
}));
