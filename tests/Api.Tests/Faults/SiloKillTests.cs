using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Insure.Api.Tests.Faults;

/// <summary>
/// One of two silos killed with SIGKILL under a mixed load (binds, card payments, claims, deal-room messages) sent through a
/// client-mode Api by a client that retries every POST with its Idempotency-Key: nothing acknowledged is lost, nothing is
/// made or charged twice, the ledgers balance, webhooks for what was acknowledged still arrive, and a live deal-room client
/// whose connection dropped in the fault reconnects and catches up.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SiloKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillingASiloMidLoad_LosesNoAcknowledgedWrite_DuplicatesNothing_AndKeepsLedgersBalanced()
    {
        await using var cluster = new LoopbackCluster(PostgresServer.Instance.CreateDatabase("silokill"), silos: 2, apis: 1);
        var key = await cluster.StartWithOrganization("Silo Kill Co");
        using var client = cluster.Client(0, key);
        await using var receiver = await WebhookReceiver.Start();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url("kill"), events = new[] { "policy.bound" } })).StatusCode);

        var writer = new RetryingWriter(client, TimeSpan.FromSeconds(90));
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        var roomSubmission = await writer.Post("/v1/submissions", Application("Room Risk", yesterday));
        var room = (await writer.Post("/v1/deal-rooms", new
        {
            submissionId = roomSubmission.GetProperty("id").GetString(), name = "Kill room",
            participants = new object[] { new { id = "brk_1", name = "Bea", role = "broker" }, new { id = "uw_1", name = "Uma", role = "underwriter" } },
        })).GetProperty("id").GetString()!;
        // The underwriter follows the room live from before the first message.
        await using var follower = new RoomFollower(await DealRoomSetup.Link(client, room, "uw_1"));
        await follower.Connect(TimeSpan.FromSeconds(30));

        var submissions = new ConcurrentBag<string>();
        var policies = new ConcurrentBag<string>();
        var claims = new ConcurrentBag<string>();
        var payments = new ConcurrentBag<(string Invoice, string Intent)>();
        var messages = new ConcurrentBag<string>();
        var flows = new ConcurrentBag<(DateTimeOffset Start, TimeSpan Took)>();
        using var stop = new CancellationTokenSource();
        async Task Worker(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var started = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                var submission = (await writer.Post("/v1/submissions", Application($"Worker {worker} risk {i}", yesterday))).GetProperty("id").GetString()!;
                submissions.Add(submission);
                await writer.Post($"/v1/submissions/{submission}/quote", null);
                var policy = (await writer.Post($"/v1/submissions/{submission}/bind", new { installmentPlan = "PIF" })).GetProperty("id").GetString()!;
                policies.Add(policy);
                var invoice = (await writer.Get($"/v1/invoices?policyId={policy}")).GetProperty("data")[0].GetProperty("id").GetString()!;
                var intent = await writer.Post($"/v1/invoices/{invoice}/payment-intent", new { paymentMethod = "pm_card_visa" });
                Assert.Equal("succeeded", intent.GetProperty("status").GetString());
                payments.Add((invoice, intent.GetProperty("id").GetString()!));
                claims.Add((await writer.Post("/v1/claims", new
                {
                    policyId = policy, dateOfLoss = yesterday, description = $"Loss {worker}/{i}", claimant = new { name = "Pat Claimant" },
                })).GetProperty("id").GetString()!);
                messages.Add((await writer.Post($"/v1/deal-rooms/{room}/messages", new { authorId = worker % 2 == 0 ? "brk_1" : "uw_1", body = $"Worker {worker} note {i}" }))
                    .GetProperty("id").GetString()!);
                flows.Add((started, clock.Elapsed));
            }
        }
        var workers = Enumerable.Range(0, 3).Select(Worker).ToList();

        await Task.Delay(TimeSpan.FromSeconds(5));
        // The live client loses its connection in the same fault, and comes back 35 s later, after the calls held up by the
        // dead silo (30 s at most) have been answered and the load has gone on without it.
        await follower.Disconnect();
        var killedAt = DateTimeOffset.UtcNow;
        await cluster.Silos[1]!.Kill();
        var reconnected = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(35));
            await follower.Connect(TimeSpan.FromSeconds(60));
        });
        // A probe makes a fresh write every 200 ms: when does a new write succeed again?
        var recovered = TimeSpan.Zero;
        var probes = Task.Run(async () =>
        {
            for (var i = 0; recovered == TimeSpan.Zero && !stop.IsCancellationRequested; i++)
            {
                var sent = DateTimeOffset.UtcNow;
                try
                {
                    using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(40));
                    var response = await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = $"Probe {i}" }, probe.Token);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        recovered = DateTimeOffset.UtcNow - killedAt;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200) - (DateTimeOffset.UtcNow - sent) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(40));
        stop.Cancel();
        await probes;
        await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.All(workers, w => Assert.True(w.IsCompletedSuccessfully || w.IsCanceled, w.Exception?.ToString()));
        await reconnected;

        // Figures: how long writes were held up by the kill, and how they were answered meanwhile.
        var failed = writer.Attempts.Where(a => a.At >= killedAt && (a.Status is null || (int)a.Status >= 500)).ToList();
        var spanning = flows.Where(f => f.Start <= killedAt && f.Start + f.Took >= killedAt).Select(f => f.Took).DefaultIfEmpty().Max();
        var lastFailure = failed.Count == 0 ? TimeSpan.Zero : failed.Max(a => a.At + a.Took) - killedAt;
        output.WriteLine($"{flows.Count} flows acknowledged ({policies.Count} binds, {payments.Count} card payments, {claims.Count} claims, " +
            $"{messages.Count} messages); after the kill " +
            $"{failed.Count} attempts failed ({string.Join(", ", failed.GroupBy(a => a.Status?.ToString() ?? "no answer").Select(g => $"{g.Count()} {g.Key}"))}), " +
            $"the last {lastFailure.TotalSeconds:F1} s after it; the slowest flow across the kill took {spanning.TotalSeconds:F1} s; " +
            $"a new write first succeeded {recovered.TotalSeconds:F1} s after the kill");
        Assert.Contains(flows, f => f.Start > killedAt.AddSeconds(1));

        // Nothing acknowledged is lost, nothing is made twice, and every ledger balances.
        Assert.Equal(policies.Count, (await Json(client, "/v1/policies?page_size=1")).GetProperty("total").GetInt32());
        // The room's own submission, and one per flow.
        Assert.Equal(submissions.Count + 1, (await Json(client, "/v1/submissions?page_size=1")).GetProperty("total").GetInt32());
        Assert.Equal(claims.Count, (await Json(client, "/v1/claims?page_size=1")).GetProperty("total").GetInt32());
        Assert.Equal(policies.Count, policies.Distinct().Count());
        foreach (var policy in policies)
        {
            var ledger = await Json(client, $"/v1/policies/{policy}/ledger");
            Assert.Equal(ledger.GetProperty("totalDebits").GetDecimal(), ledger.GetProperty("totalCredits").GetDecimal());
            Assert.True(ledger.GetProperty("totalDebits").GetDecimal() > 0, $"{policy} has no ledger entries: {ledger}");
        }
        // Each invoice was charged once, by the intent its payment was acknowledged with.
        foreach (var (invoiceId, intentId) in payments)
        {
            var invoice = await Json(client, $"/v1/invoices/{invoiceId}");
            Assert.Equal("paid", invoice.GetProperty("status").GetString());
            Assert.Equal(intentId, Assert.Single(invoice.GetProperty("payments").EnumerateArray()).GetProperty("intentId").GetString());
            Assert.Equal(intentId, Assert.Single(invoice.GetProperty("attempts").EnumerateArray()).GetProperty("intentId").GetString());
        }
        Assert.Equal(payments.Count, payments.Select(p => p.Intent).Distinct().Count());
        foreach (var claim in claims)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/claims/{claim}")).StatusCode);
        }
        var history = new List<string>();
        for (var page = await Json(client, $"/v1/deal-rooms/{room}/messages?page_size=100"); ;)
        {
            history.AddRange(page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
            page = await Json(client, $"/v1/deal-rooms/{room}/messages?page_size=100&before={history[^1]}");
        }
        Assert.True(messages.Order().SequenceEqual(history.Order()), $"acknowledged {messages.Count}, stored {history.Count}; " +
            $"stored but not acknowledged: {string.Join(", ", history.Except(messages))}; acknowledged but not stored: {string.Join(", ", messages.Except(history))}; " +
            $"listed twice: {string.Join(", ", history.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key))}; unanswered attempts: " +
            string.Join("; ", writer.Attempts.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.Created))
                .Select(a => $"{a.Path} {a.Key[..8]} {a.At:HH:mm:ss.fff} {a.Took.TotalSeconds:F1}s {a.Status} {a.Answer?[..Math.Min(160, a.Answer.Length)]}")));

        // The live client holds the whole room once the conversation goes on: a message after the load shows it any gap
        // its connection's signals left, and it fills that from the history.
        messages.Add((await writer.Post($"/v1/deal-rooms/{room}/messages", new { authorId = "brk_1", body = "Back to the terms" })).GetProperty("id").GetString()!);
        var caughtUpBy = DateTime.UtcNow.AddSeconds(30);
        while (follower.Ids.Count < messages.Count && DateTime.UtcNow < caughtUpBy)
        {
            await Task.Delay(100);
        }
        output.WriteLine($"The live client heard {follower.HeardLive} messages live and caught up {follower.CaughtUp} from the history");
        Assert.Empty(follower.Conflicts);
        Assert.True(follower.CaughtUp > 0, "nothing was posted while the live client was away");
        Assert.Equal(messages.Order(), follower.Ids.Order());

        // Each acknowledged bind's event reaches the receiver (at least once; receivers drop repeats by event id).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var delivered = receiver.On("kill").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("id").GetString()).ToHashSet();
            if (policies.All(delivered.Contains))
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{policies.Count(p => !delivered.Contains(p))} of {policies.Count} policy.bound webhooks never arrived");
            await Task.Delay(250);
        }
    }

    private static object Application(string insuredName, string effectiveDate) => new
    {
        insuredName, naicsCode = "541511", annualRevenue = 1_000_000, requestedLimit = 1_000_000, effectiveDate,
        state = "TX", lineOfBusiness = "GL", deductible = 1000,
    };

    private static async Task<JsonElement> Json(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {body}");
        return body;
    }
}
