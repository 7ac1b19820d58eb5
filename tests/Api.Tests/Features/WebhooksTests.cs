using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

/// <summary>Subscriptions, signed deliveries to a real receiver on loopback, retries, the delivery log, redelivery and replay.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhooksTests(WebhookApplication app) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Subscription_ShowsItsSecretOnce_AndIsListedWithoutIt()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url("crud"), events = new[] { "policy.*", "claim.filed" }, description = "ops" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var created = await response.Json();
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("whk_", id);
        Assert.StartsWith("whsec_", created.GetProperty("secret").GetString());
        Assert.Equal($"/v1/webhooks/{id}", response.Headers.Location?.ToString());

        var fetched = await (await client.GetAsync($"/v1/webhooks/{id}")).Json();
        Assert.False(fetched.TryGetProperty("secret", out _));
        Assert.Equal(["policy.*", "claim.filed"], fetched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("enabled", fetched.GetProperty("status").GetString());
        var listed = await (await client.GetAsync("/v1/webhooks")).Json();
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.DoesNotContain("whsec_", listed.ToString());

        var patched = await (await client.PatchAsJsonAsync($"/v1/webhooks/{id}", new { events = new[] { "*" }, enabled = false })).Json();
        Assert.Equal(["*"], patched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("disabled", patched.GetProperty("status").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/webhooks?enabled=false")).Json()).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/webhooks/{id}")).StatusCode);
        await (await client.GetAsync($"/v1/webhooks/{id}")).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await client.GetAsync("/v1/webhooks")).Json()).GetProperty("total").GetInt32());
        await (await client.DeleteAsync($"/v1/webhooks/{id}")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Filters_MustNameEmittedTypes_WhichTheEventTypesListShows()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var listed = await (await client.GetAsync("/v1/webhooks/event-types?page_size=100")).Json();
        Assert.Equal(EventTypes.All.Count, listed.GetProperty("total").GetInt32());
        var types = listed.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Contains("policy.bound", types);
        Assert.Contains("claim.filed", types);
        Assert.Contains("webhook.disabled", types);
        await (await client.GetAsync("/v1/webhooks/event-types?page_size=101")).AssertError(HttpStatusCode.BadRequest, "validation_failed");

        foreach (var events in new[] { new[] { "policy.bund" }, ["nothing.*"], [], ["policy"], ["*.bound"] })
        {
            var refused = await (await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url("f"), events }))
                .AssertError(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal("events", refused.GetProperty("details").GetProperty("field").GetString());
        }
        await (await client.PostAsJsonAsync("/v1/webhooks", new { events = new[] { "*" } })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsync("/v1/webhooks", Http.RawJson("""{"url":"x","events":["*"],"secret":"mine"}""")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(0, (await (await client.GetAsync("/v1/webhooks")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnEvent_IsPostedSigned_WithTheSeedsSchemeAndTheTimestampedOne()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (webhookId, secret) = await Subscribe(client, "signed", "policyholder.*");

        var holder = await (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Signed Co" })).Json();
        var received = (await _receiver.WaitFor("signed")).Single();

        Assert.Equal("POST", received.Method);
        Assert.StartsWith("application/json", received.Headers["Content-Type"]);
        // The seed's verification: sha256=<hex HMAC-SHA256(secret, rawBody)>, compared in constant time.
        Assert.True(SeedVerify(received.Body, received.Headers["X-Insure-Signature"], secret));
        var (t, v1) = Timestamped(received.Headers["X-Insure-Signature-256"]);
        Assert.Equal([Hmac(secret, $"{t}.{received.Body}")], v1);
        Assert.InRange(t, app.ClockOf(client).GetUtcNow().ToUnixTimeSeconds() - 5, app.ClockOf(client).GetUtcNow().ToUnixTimeSeconds() + 5);
        Assert.StartsWith("Insure-Webhooks/", received.Headers["User-Agent"]);

        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("policyholder.created", body.GetProperty("type").GetString());
        Assert.Equal(orgId, body.GetProperty("orgId").GetString());
        Assert.Equal(received.Headers["X-Insure-Event-Id"], body.GetProperty("id").GetString());
        Assert.EndsWith("Z", body.GetProperty("timestamp").GetString());
        // The data is the resource as the API shows it, and the same as the event log's copy.
        Assert.Equal(holder.GetProperty("id").GetString(), body.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("policyholder", body.GetProperty("data").GetProperty("object").GetString());
        var logged = await (await client.GetAsync($"/v1/events/{body.GetProperty("id").GetString()}")).Json();
        Assert.Equal(logged.GetProperty("data").ToString(), body.GetProperty("data").ToString());

        var delivery = await WaitForDelivery(client, webhookId, d => d.GetProperty("attemptCount").GetInt32() == 1);
        Assert.Single(await Deliveries(client, webhookId));
        Assert.Equal(received.Headers["X-Insure-Delivery-Id"], delivery.GetProperty("id").GetString());
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("ok", attempt.GetProperty("responseBody").GetString());
        Assert.True(attempt.GetProperty("latencyMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task OnlyMatchingEvents_AreDelivered_AndEachSubscriptionGetsItsOwn()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (exact, _) = await Subscribe(client, "exact", "policyholder.updated");
        var (all, _) = await Subscribe(client, "all", "*");
        var (none, _) = await Subscribe(client, "none", "claim.*");

        var holder = await (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Filter Co" })).Json();
        await client.PatchAsJsonAsync($"/v1/policyholders/{holder.GetProperty("id").GetString()}", new { companyName = "Filter Co 2" });
        await Settle(orgId);

        Assert.Equal(["policyholder.updated"], _receiver.On("exact").Select(Type));
        Assert.Contains("policyholder.created", _receiver.On("all").Select(Type));
        Assert.Contains("policyholder.updated", _receiver.On("all").Select(Type));
        Assert.Empty(_receiver.On("none"));
        Assert.Single(await Deliveries(client, exact));
        Assert.Empty(await Deliveries(client, none));
        var filtered = await (await client.GetAsync($"/v1/webhooks/{all}/deliveries?eventType=policyholder.updated&status=delivered")).Json();
        Assert.Equal(1, filtered.GetProperty("total").GetInt32());
        await (await client.GetAsync($"/v1/webhooks/{all}/deliveries?status=lost")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task AFailedAttempt_IsRetriedOnTheSchedule_ThenFails()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (webhookId, _) = await Subscribe(client, "retry", "policyholder.created");
        _receiver.Answer = r => r.Path == "/retry" ? (500, new string('x', 5000), TimeSpan.Zero) : (200, "ok", TimeSpan.Zero);

        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Retry Co" });
        await _receiver.WaitFor("retry");
        var first = await WaitForDelivery(client, webhookId, d => d.GetProperty("attemptCount").GetInt32() == 1);
        Assert.Equal("pending", first.GetProperty("status").GetString());
        var failed = first.GetProperty("attempts")[0];
        Assert.Equal(500, failed.GetProperty("statusCode").GetInt32());
        Assert.InRange(failed.GetProperty("responseBody").GetString()!.Length, 1, 1024);
        var clock = app.ClockOf(client);
        Assert.Equal(clock.GetUtcNow().AddMinutes(1), first.GetProperty("nextAttemptAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));

        var delivery = app.Service<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>($"{orgId}/sandbox/{first.GetProperty("id").GetString()}");
        // Not due yet: a reminder tick changes nothing.
        await Reminders.Fire(delivery, "retry");
        Assert.Single(_receiver.On("retry"));

        clock.Advance(TimeSpan.FromMinutes(1));
        await Reminders.Fire(delivery, "retry");
        Assert.Equal(2, _receiver.On("retry").Count);
        clock.Advance(TimeSpan.FromMinutes(5));
        await Reminders.Fire(delivery, "retry");
        var last = Assert.Single(await Deliveries(client, webhookId));
        Assert.Equal("failed", last.GetProperty("status").GetString());
        Assert.Equal(3, last.GetProperty("attemptCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(["event", "retry", "retry"], last.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("trigger").GetString()));
        // The same event each time.
        Assert.Single(_receiver.On("retry").Select(r => r.Headers["X-Insure-Event-Id"]).Distinct());
    }

    [Fact]
    public async Task ATimeout_IsAFailedAttempt_AndTheRetryDelivers()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (webhookId, _) = await Subscribe(client, "slow", "policyholder.created");
        var slow = true;
        _receiver.Answer = r => r.Path == "/slow" && slow ? (200, "late", TimeSpan.FromSeconds(5)) : (200, "ok", TimeSpan.Zero);

        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Slow Co" });
        await _receiver.WaitFor("slow");
        var pending = await WaitForDelivery(client, webhookId, d => d.GetProperty("attemptCount").GetInt32() == 1);
        var attempt = pending.GetProperty("attempts")[0];
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
        Assert.StartsWith("timed out", attempt.GetProperty("error").GetString());
        Assert.Equal("pending", pending.GetProperty("status").GetString());

        slow = false;
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(1));
        await Reminders.Fire(app.Service<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>($"{orgId}/sandbox/{pending.GetProperty("id").GetString()}"), "retry");
        Assert.Equal("delivered", Assert.Single(await Deliveries(client, webhookId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnEventTheStreamNeverCarried_IsDeliveredFromTheLog()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Logged Co" });
        var store = app.Service<Insure.Grains.Queries.IQueryStore>();
        var tenant = $"{orgId}/sandbox";
        var original = (await (await client.GetAsync("/v1/events?type=policyholder.created")).Json()).GetProperty("data")[0].GetProperty("id").GetString()!;
        var stored = JsonNode.Parse((await store.Get("event", tenant, original))!)!;
        await Subscribe(client, "log-only", "policyholder.created");
        await Settle(orgId);
        // An event in the log only, as when its stream message is lost: written the way the outbox writes it, never streamed.
        var eventId = Ids.New(IdPrefixes.Event, app.ClockOf(client));
        stored["id"] = eventId;
        stored["timestamp"] = app.ClockOf(client).GetUtcNow().UtcDateTime;
        await store.Upsert([new Insure.Grains.Queries.QueryRecord(
            "event", tenant, eventId, app.ClockOf(client).GetUtcNow(), 0, new Dictionary<string, string> { ["type"] = "policyholder.created" }, stored.ToJsonString())]);

        var received = (await _receiver.WaitFor("log-only")).Single();
        Assert.Equal(eventId, received.Headers["X-Insure-Event-Id"]);
    }

    [Fact]
    public async Task ASubscriptionTheDispatcherLearnsOfLate_StillGetsEveryEventSinceItWasCreated()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var tenant = $"{orgId}/sandbox";
        var start = await app.Service<Insure.Grains.Queries.IQueryStore>().LogHead(tenant);
        var (webhookId, _) = await Subscribe(client, "late", "policyholder.created");
        // As if the subscription's message to the dispatcher were still being retried: the dispatcher does not know it.
        var dispatcher = app.Service<IGrainFactory>().GetGrain<IWebhookDispatcherGrain>(tenant);
        await dispatcher.Subscribe(new WebhookSubscription(webhookId, ["policyholder.created"], Active: false));
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Unseen One" });
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Unseen Two" });
        await Settle(orgId);
        Assert.Empty(_receiver.On("late"));

        // The retried message arrives, with the log position the subscription started from.
        await dispatcher.Subscribe(new WebhookSubscription(webhookId, ["policyholder.created"], Active: true, After: start));
        Assert.Equal(2, (await _receiver.WaitFor("late", 2)).Select(r => r.Headers["X-Insure-Event-Id"]).Distinct().Count());
    }

    [Fact]
    public async Task ManagingWebhooks_NeedsEventsRead_AsWellAsWebhooksWrite()
    {
        var (orgId, key) = await app.CreateOrganization();
        var (_, writeOnly) = await app.CreateKey(orgId, new { name = "hooks", scopes = new[] { "webhooks:write" } });
        using var client = app.CreateClient(writeOnly);
        var refused = await (await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url("scoped"), events = new[] { "*" } }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("events:read", refused.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/webhooks")).StatusCode);
    }

    [Fact]
    public async Task Redeliver_SendsTheSameEventAgain_AndLogsAManualAttempt()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (webhookId, _) = await Subscribe(client, "again", "policyholder.created");
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Again Co" });
        await _receiver.WaitFor("again");
        var delivery = await WaitForDelivery(client, webhookId, d => d.GetProperty("status").GetString() == "delivered");
        var deliveryId = delivery.GetProperty("id").GetString();

        var redelivered = await (await client.PostAsync($"/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver", null)).Json();
        Assert.Equal(2, redelivered.GetProperty("attemptCount").GetInt32());
        Assert.Equal("manual", redelivered.GetProperty("attempts")[1].GetProperty("trigger").GetString());
        var both = _receiver.On("again");
        Assert.Equal(2, both.Count);
        Assert.Equal(both[0].Headers["X-Insure-Event-Id"], both[1].Headers["X-Insure-Event-Id"]);
        Assert.Equal(both[0].Body, both[1].Body);

        await (await client.PostAsync($"/v1/webhooks/{webhookId}/deliveries/dlv_01ARZ3NDEKTSV4RRFFQ69G5FAV/redeliver", null)).AssertError(HttpStatusCode.NotFound, "not_found");
        var (other, _) = await Subscribe(client, "other", "claim.filed");
        await (await client.PostAsync($"/v1/webhooks/{other}/deliveries/{deliveryId}/redeliver", null)).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Replay_ResendsPastEvents_ByIdOrByTime_AsNewDeliveries()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var clock = app.ClockOf(client);
        var from = clock.GetUtcNow();
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Old One" });
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Old Two" });
        clock.Advance(TimeSpan.FromMinutes(1));
        var to = clock.GetUtcNow();
        var past = (await (await client.GetAsync("/v1/events?type=policyholder.created")).Json()).GetProperty("data").EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()!).ToList();
        // Subscribed after the events: they are not delivered on their own.
        var (webhookId, _) = await Subscribe(client, "replay", "policyholder.created");
        await Settle(orgId);
        Assert.Empty(_receiver.On("replay"));

        var byId = await client.PostAsJsonAsync($"/v1/webhooks/{webhookId}/replay", new { eventIds = new[] { past[1] } });
        Assert.Equal(HttpStatusCode.Accepted, byId.StatusCode);
        Assert.Equal(1, (await byId.Json()).GetProperty("count").GetInt32());
        Assert.Equal(past[1], (await _receiver.WaitFor("replay")).Single().Headers["X-Insure-Event-Id"]);

        var byTime = await (await client.PostAsJsonAsync($"/v1/webhooks/{webhookId}/replay", new { from, to })).Json();
        Assert.Equal(2, byTime.GetProperty("count").GetInt32());
        // Oldest first (their attempts run side by side, so they may arrive in either order).
        Assert.Equal([past[1], past[0]], byTime.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("eventId").GetString()));
        var all = await _receiver.WaitFor("replay", 3);
        Assert.Equal(new[] { past[0], past[1], past[1] }.Order(), all.Select(r => r.Headers["X-Insure-Event-Id"]).Order());
        Assert.All(await Deliveries(client, webhookId), d => Assert.True(d.GetProperty("replay").GetBoolean()));

        await (await client.PostAsJsonAsync($"/v1/webhooks/{webhookId}/replay", new { eventIds = new[] { "evt_01ARZ3NDEKTSV4RRFFQ69G5FAV" } }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/webhooks/{webhookId}/replay", new { from = to, to = from }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/webhooks/{webhookId}/replay", new { from }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task RotatingTheSecret_SignsWithBothUntilTheOverlapEnds()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (webhookId, oldSecret) = await Subscribe(client, "rotate", "policyholder.created");
        var rotated = await client.PostAsync($"/v1/webhooks/{webhookId}/rotate-secret", null);
        Assert.Equal("no-store", rotated.Headers.CacheControl?.ToString());
        var body = await rotated.Json();
        var newSecret = body.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(app.ClockOf(client).GetUtcNow().AddHours(24), body.GetProperty("previousSecretExpiresAt").GetDateTimeOffset());

        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Overlap Co" });
        var during = (await _receiver.WaitFor("rotate")).Single();
        var (t, v1) = Timestamped(during.Headers["X-Insure-Signature-256"]);
        Assert.Equal([Hmac(newSecret, $"{t}.{during.Body}"), Hmac(oldSecret, $"{t}.{during.Body}")], v1);
        Assert.True(SeedVerify(during.Body, during.Headers["X-Insure-Signature"], oldSecret));

        app.ClockOf(client).Advance(TimeSpan.FromHours(24));
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "After Co" });
        var after = (await _receiver.WaitFor("rotate", 2))[1];
        (t, v1) = Timestamped(after.Headers["X-Insure-Signature-256"]);
        Assert.Equal([Hmac(newSecret, $"{t}.{after.Body}")], v1);
        Assert.True(SeedVerify(after.Body, after.Headers["X-Insure-Signature"], newSecret));
        Assert.Equal(JsonValueKind.Null, (await (await client.GetAsync($"/v1/webhooks/{webhookId}")).Json()).GetProperty("previousSecretExpiresAt").ValueKind);
    }

    [Fact]
    public async Task ASubscriptionFailingForDays_IsDisabled_WithAnEvent_AndGetsNothingMore()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (webhookId, _) = await Subscribe(client, "dead", "policyholder.created");
        var (watcher, _) = await Subscribe(client, "watcher", "webhook.disabled");
        _receiver.Answer = r => r.Path == "/dead" ? (503, "down", TimeSpan.Zero) : (200, "ok", TimeSpan.Zero);
        var clock = app.ClockOf(client);

        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Day 0" });
        await _receiver.WaitFor("dead");
        clock.Advance(TimeSpan.FromDays(3));
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Day 3" });
        await _receiver.WaitFor("dead", 2);

        var disabled = await WaitForWebhook(client, webhookId, w => w.GetProperty("status").GetString() == "disabled");
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.False(string.IsNullOrEmpty(disabled.GetProperty("disabledReason").GetString()));
        var announced = (await _receiver.WaitFor("watcher")).Single();
        Assert.Equal("webhook.disabled", Type(announced));
        Assert.Equal(webhookId, JsonDocument.Parse(announced.Body).RootElement.GetProperty("data").GetProperty("id").GetString());

        // The pending retry is cancelled, and new events are not delivered.
        var pending = (await Deliveries(client, webhookId)).First(d => d.GetProperty("status").GetString() == "pending");
        clock.Advance(TimeSpan.FromMinutes(1));
        await Reminders.Fire(app.Service<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>($"{orgId}/sandbox/{pending.GetProperty("id").GetString()}"), "retry");
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Day 3 later" });
        await Settle(orgId);
        Assert.Equal(2, _receiver.On("dead").Count);
        Assert.Contains(await Deliveries(client, webhookId), d => d.GetProperty("status").GetString() == "cancelled");

        // Enabled again by its owner: the next event goes out.
        _receiver.Answer = _ => (200, "ok", TimeSpan.Zero);
        var enabled = await (await client.PatchAsJsonAsync($"/v1/webhooks/{webhookId}", new { enabled = true })).Json();
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("failingSince").ValueKind);
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Back" });
        await _receiver.WaitFor("dead", 3);
    }

    [Fact]
    public async Task AfterDelete_NothingIsDelivered_NotEvenAPendingRetry()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (webhookId, _) = await Subscribe(client, "gone", "policyholder.created");
        _receiver.Answer = r => r.Path == "/gone" ? (500, "no", TimeSpan.Zero) : (200, "ok", TimeSpan.Zero);
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Before" });
        await _receiver.WaitFor("gone");
        var pending = await WaitForDelivery(client, webhookId, d => d.GetProperty("attemptCount").GetInt32() == 1);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/webhooks/{webhookId}")).StatusCode);
        _receiver.Answer = _ => (200, "ok", TimeSpan.Zero);
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(1));
        await Reminders.Fire(app.Service<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>($"{orgId}/sandbox/{pending.GetProperty("id").GetString()}"), "retry");
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "After" });
        await Settle(orgId);
        Assert.Single(_receiver.On("gone"));
        await (await client.GetAsync($"/v1/webhooks/{webhookId}/deliveries/{pending.GetProperty("id").GetString()}")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task SandboxEvents_NeverReachProductionSubscriptions_NorTheReverse()
    {
        var (orgId, sandboxKey) = await app.CreateOrganization();
        using (var admin = app.CreateAdminClient())
        {
            await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { liveApproved = true });
        }
        var (_, liveKey) = await app.CreateKey(orgId, new { name = "live", scopes = new[] { "*" }, environment = "production" });
        using var sandbox = app.CreateClient(sandboxKey);
        using var production = app.CreateClient(liveKey);
        var (sandboxHook, _) = await Subscribe(sandbox, "sandbox-env", "policyholder.created");
        await Subscribe(production, "production-env", "policyholder.created");

        await sandbox.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Test Co" });
        await production.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Live Co" });
        var inSandbox = (await _receiver.WaitFor("sandbox-env")).Single();
        var inProduction = (await _receiver.WaitFor("production-env")).Single();
        await Settle(orgId);
        await Settle(orgId, "production");
        Assert.Single(_receiver.On("sandbox-env"));
        Assert.Single(_receiver.On("production-env"));
        Assert.Equal("sandbox", JsonDocument.Parse(inSandbox.Body).RootElement.GetProperty("environment").GetString());
        Assert.Equal("production", JsonDocument.Parse(inProduction.Body).RootElement.GetProperty("environment").GetString());
        await (await production.GetAsync($"/v1/webhooks/{sandboxHook}")).AssertError(HttpStatusCode.NotFound, "not_found");

        var (_, strangerKey) = await app.CreateOrganization("Stranger");
        using var stranger = app.CreateClient(strangerKey);
        await (await stranger.GetAsync($"/v1/webhooks/{sandboxHook}/deliveries")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await stranger.DeleteAsync($"/v1/webhooks/{sandboxHook}")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<(string Id, string Secret)> Subscribe(HttpClient client, string path, params string[] events)
    {
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url(path), events });
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>Lets the tenant's dispatcher read the whole event log and every delivery it started answer.</summary>
    private async Task Settle(string orgId, string environment = "sandbox")
    {
        var dispatcher = app.Service<IGrainFactory>().GetGrain<IWebhookDispatcherGrain>($"{orgId}/{environment}");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await dispatcher.CatchUp()).InFlight > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "deliveries still in flight after 30 s");
            await Task.Delay(20);
        }
    }

    private static async Task<List<JsonElement>> Deliveries(HttpClient client, string webhookId) =>
        (await (await client.GetAsync($"/v1/webhooks/{webhookId}/deliveries")).Json()).GetProperty("data").EnumerateArray().ToList();

    private static async Task<JsonElement> WaitForDelivery(HttpClient client, string webhookId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if ((await Deliveries(client, webhookId)).FirstOrDefault(done) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, "the delivery never got there");
            await Task.Delay(20);
        }
    }

    private static async Task<JsonElement> WaitForWebhook(HttpClient client, string webhookId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var webhook = await (await client.GetAsync($"/v1/webhooks/{webhookId}")).Json();
            if (done(webhook))
            {
                return webhook;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the webhook never got there: {webhook}");
            await Task.Delay(20);
        }
    }

    private static string? Type(ReceivedWebhook received) => JsonDocument.Parse(received.Body).RootElement.GetProperty("type").GetString();

    /// <summary>The seed's snippet, in C#: HMAC-SHA256 of the raw body, hex, as `sha256=...`, compared in constant time.</summary>
    private static bool SeedVerify(string rawBody, string signature, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(signature), Encoding.UTF8.GetBytes($"sha256={Hmac(secret, rawBody)}"));

    private static string Hmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    private static (long T, List<string> V1) Timestamped(string header)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToList();
        return (long.Parse(parts.Single(p => p[0] == "t")[1]), parts.Where(p => p[0] == "v1").Select(p => p[1]).ToList());
    }
}
