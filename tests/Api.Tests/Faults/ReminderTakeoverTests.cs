using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Insure.Api.Tests.Faults;

/// <summary>
/// Reminders of a silo killed with SIGKILL fire on the survivor: webhook deliveries whose first attempt failed, each
/// waiting on its retry reminder, are all delivered, whichever silo held them.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ReminderTakeoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RetryRemindersOfAKilledSilo_FireOnTheSurvivor_AndEveryDeliveryArrives()
    {
        await using var cluster = new LoopbackCluster(PostgresServer.Instance.CreateDatabase("reminders"), silos: 2, apis: 1,
            new Dictionary<string, string> { ["Insure__Webhooks__RetryDelays__0"] = "00:00:08" });
        var key = await cluster.StartWithOrganization("Reminder Co");
        using var client = cluster.Client(0, key);
        await using var receiver = await WebhookReceiver.Start();
        // Each event's first attempt fails, so its delivery waits on a retry reminder; later attempts succeed.
        var attempts = new ConcurrentDictionary<string, int>();
        receiver.Answer = webhook =>
        {
            var eventId = JsonDocument.Parse(webhook.Body).RootElement.GetProperty("id").GetString()!;
            return attempts.AddOrUpdate(eventId, 1, (_, n) => n + 1) == 1 ? (500, "not yet", TimeSpan.Zero) : (200, "ok", TimeSpan.Zero);
        };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url("retry"), events = new[] { "policyholder.created" } })).StatusCode);

        const int events = 12;
        for (var i = 0; i < events; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = $"Retry {i}" })).StatusCode);
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (attempts.Count < events)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {attempts.Count} first attempts arrived");
            await Task.Delay(100);
        }

        // The deliveries are spread over both silos; one of them dies with its reminders' timers.
        await cluster.Silos[1]!.Kill();
        var clock = Stopwatch.StartNew();
        deadline = DateTime.UtcNow.AddSeconds(150);
        while (attempts.Values.Count(n => n >= 2) < events)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{attempts.Values.Count(n => n < 2)} of {events} deliveries were never retried:\n{cluster.Outputs()}");
            await Task.Delay(100);
        }
        output.WriteLine($"all {events} retries delivered {clock.Elapsed.TotalSeconds:F1} s after the kill (retry due 8 s after each first attempt)");
        var webhookId = (await (await client.GetAsync("/v1/webhooks")).Json()).GetProperty("data")[0].GetProperty("id").GetString();
        var deliveries = await (await client.GetAsync($"/v1/webhooks/{webhookId}/deliveries?page_size=100")).Json();
        Assert.Equal(events, deliveries.GetProperty("data").EnumerateArray().Count(d => d.GetProperty("status").GetString() == "delivered"));
    }
}
