using System.Diagnostics;
using System.Globalization;
using Npgsql;

// The ceiling of durable writes on this machine: N connections each inserting one row per transaction (autocommit, so
// one commit and one WAL flush each) into a table like the platform's query table, as fast as the server takes them.
// Prints one markdown table row. Used by bench/run.sh.
//   --postgres "Host=...;Port=...;Username=postgres;Database=postgres" --concurrency 16 --seconds 20 --label "..."
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var connectionString = options["postgres"];
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "16"), CultureInfo.InvariantCulture);
var seconds = int.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
var label = options.GetValueOrDefault("label", "raw Npgsql insert");

await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = concurrency + 2 }.ConnectionString);
await using (var setup = source.CreateCommand(
    "CREATE TABLE IF NOT EXISTS bench_insert_ceiling (id text PRIMARY KEY, tenant text NOT NULL, data jsonb NOT NULL, created_at timestamptz NOT NULL)"))
{
    await setup.ExecuteNonQueryAsync();
}
const string Payload = """{"insuredName":"Bench Bakery LLC","lineOfBusiness":"GL","state":"TX","premium":1234.56,"status":"bound"}""";

var latencies = new List<double>[concurrency];
var errors = 0;
var deadline = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
var started = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
{
    var mine = latencies[worker] = [];
    await using var connection = await source.OpenConnectionAsync();
    await using var insert = new NpgsqlCommand("INSERT INTO bench_insert_ceiling (id, tenant, data, created_at) VALUES ($1, $2, $3::jsonb, now())", connection);
    insert.Parameters.Add(new NpgsqlParameter { Value = "" });
    insert.Parameters.Add(new NpgsqlParameter { Value = "org_bench/sandbox" });
    insert.Parameters.Add(new NpgsqlParameter { Value = Payload });
    await insert.PrepareAsync();
    for (var i = 0; Stopwatch.GetTimestamp() < deadline; i++)
    {
        insert.Parameters[0].Value = $"{worker}-{i}-{Guid.NewGuid():N}";
        var clock = Stopwatch.GetTimestamp();
        try
        {
            await insert.ExecuteNonQueryAsync();
            mine.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
        }
        catch (NpgsqlException)
        {
            Interlocked.Increment(ref errors);
        }
    }
}));
var elapsed = started.Elapsed.TotalSeconds;
var all = latencies.SelectMany(l => l).Order().ToArray();
double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {label} | {concurrency} | {all.Length / elapsed:F1} | {Percentile(0.5):F2} ms | {Percentile(0.99):F2} ms | {all.Length} | {errors} |"));
