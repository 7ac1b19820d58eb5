using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Insure.Grains;
using Insure.Grains.Billing;
using Insure.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Collection throughput: a silo (Release, this process) holds N open invoices due today on policies with a card on
// file; the due-date reminder tick is delivered to every invoice, C at a time, and the run counts the invoices the
// ticks charged per second (each tick: read the card on file, charge it through the sandbox gateway, record the
// payment and its ledger entry, re-aim the reminder). Used by bench/run.sh; prints a table row and a JSON line.
//   dotnet CollectionLoad.dll --invoices 5000 --concurrency 64 [--postgres "Host=...;Database=...;Username=..."] --label memory
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
var count = int.Parse(options.GetValueOrDefault("invoices", "5000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "64"), CultureInfo.InvariantCulture);
var postgres = options.GetValueOrDefault("postgres");

var builder = Host.CreateApplicationBuilder();
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
var port = 20_000 + Random.Shared.Next(20_000);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Insure:Orleans:SiloPort"] = port.ToString(CultureInfo.InvariantCulture),
    ["Insure:Orleans:GatewayPort"] = (port + 1).ToString(CultureInfo.InvariantCulture),
    ["Insure:Orleans:AdvertisedIPAddress"] = "127.0.0.1",
    ["Insure:Storage"] = postgres is null ? "Memory" : "Postgres",
    ["ConnectionStrings:Insure"] = postgres,
});
builder.UseOrleans(silo => silo.UseInsure(builder.Configuration));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var sandbox = host.Services.GetRequiredService<SandboxPaymentGateway>();
var tenant = new Tenant($"org_bench{Random.Shared.Next():x}", "sandbox");
var by = Actor.System;
var today = DateOnly.FromDateTime(DateTime.UtcNow);

// Set-up (not timed): one policy's billing with a card on file per 10 invoices, each invoice due today.
var invoices = new List<IInvoiceGrain>();
for (var p = 0; p < (count + 9) / 10; p++)
{
    var policyId = $"pol_bench{p:D6}";
    await grains.GetGrain<IPolicyBillingGrain>(tenant.KeyFor(policyId)).SetPaymentMethod("pm_card_visa");
    for (var i = 0; i < 10 && invoices.Count < count; i++)
    {
        invoices.Add(grains.GetGrain<IInvoiceGrain>(tenant.KeyFor($"inv_bench{p:D6}x{i}")));
    }
}
await Parallel.ForEachAsync(invoices.Select((g, i) => (g, i)), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (x, _) =>
    await x.g.Issue(new NewInvoice($"pol_bench{x.i / 10:D6}", "GL-2026-000001", $"GL-2026-000001-{x.i:D5}", x.i % 10 + 1, today, "USD",
        [new InvoiceLine("premium", "Premium", 95.25m), new InvoiceLine("taxes", "Taxes", 4.62m)], by)));
// The one-way card-on-file writes have landed once a read sees the last one.
while (await grains.GetGrain<IPolicyBillingGrain>(tenant.KeyFor($"pol_bench{(count - 1) / 10:D6}")).PaymentMethod() is null)
{
    await Task.Delay(50);
}

var latencies = new double[invoices.Count];
var started = Stopwatch.GetTimestamp();
await Parallel.ForEachAsync(invoices.Select((g, i) => (g, i)), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (x, _) =>
{
    var t0 = Stopwatch.GetTimestamp();
    await x.g.AsReference<IRemindable>().ReceiveReminder("collection", new TickStatus(DateTime.UtcNow, TimeSpan.FromDays(1), DateTime.UtcNow));
    latencies[x.i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
});
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
var charged = sandbox.Charges.Count(c => c.Outcome == "succeeded");
var paid = 0;
foreach (var invoice in invoices.Take(200))
{
    paid += (await invoice.Get())?.Status == InvoiceStatuses.Paid ? 1 : 0;
}
Array.Sort(latencies);
double Pct(double p) => Math.Round(latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Length) - 1, 0, latencies.Length - 1)], 2);
var label = options.GetValueOrDefault("label", postgres is null ? "embedded (memory)" : "Postgres");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {label} | {invoices.Count} | {charged / seconds:0.0} | {Pct(0.5):0.0} ms | {Pct(0.99):0.0} ms | {charged} | {paid} of the first 200 |"));
Console.WriteLine(JsonSerializer.Serialize(new { invoices = invoices.Count, concurrency, seconds = Math.Round(seconds, 2), charged, chargedPerSecond = Math.Round(charged / seconds, 1), p50Ms = Pct(0.5), p99Ms = Pct(0.99), paidOfFirst200 = paid }));
// Exit without a graceful silo stop: deactivating thousands of grains is not what is measured.
Environment.Exit(0);
