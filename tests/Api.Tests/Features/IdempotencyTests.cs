using System.Net;
using System.Text;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Insure.Grains.Idempotency;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(InsureApplication app)
{
    [Fact]
    public async Task SameKeySameRequest_ReplaysTheFirstResponse_AndCreatesOnce()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = new { name = "webhook-worker", scopes = new[] { "events:read" } };

        var first = await client.PostJson("/v1/api-keys", body, "create-worker-key");
        var second = await client.PostJson("/v1/api-keys", body, "create-worker-key");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(2, (await (await client.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task SameKeyDifferentBody_Returns422()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        await client.PostJson("/v1/api-keys", new { name = "a", scopes = new[] { "*" } }, "k-1");
        var response = await client.PostJson("/v1/api-keys", new { name = "b", scopes = new[] { "*" } }, "k-1");
        await response.AssertError(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task SameKeyOtherPath_Returns422()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        await client.PostJson("/v1/api-keys", new { name = "a", scopes = new[] { "*" } }, "shared");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys?x=1") { Content = Http.RawJson("{\"name\":\"a\",\"scopes\":[\"*\"]}") };
        request.Headers.Add("Idempotency-Key", "shared");
        await (await client.SendAsync(request)).AssertError(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task RequestStillInFlight_Returns409()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        const string json = "{\"name\":\"slow\",\"scopes\":[\"*\"]}";
        // The same request from the same key holder has begun and not finished yet.
        var (grain, fingerprint) = InFlight(key, "in-flight", "/v1/api-keys", json);
        var started = await grain.Begin(fingerprint, "req_01KAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(IdempotencyOutcome.Proceed, started.Outcome);

        await (await client.SendAsync(CreateKey(json, "in-flight"))).AssertError(HttpStatusCode.Conflict, "conflict");

        await grain.Release(started.Lease);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(CreateKey(json, "in-flight"))).StatusCode);
    }

    [Fact]
    public async Task InFlightMarkerOfACrashedRequest_LapsesAfterTheTimeout_SoTheRetryRuns()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        const string json = "{\"name\":\"orphan\",\"scopes\":[\"*\"]}";
        // A request began on a node that then died: nothing will ever complete or release it.
        var (grain, fingerprint) = InFlight(key, "orphaned", "/v1/api-keys", json);
        Assert.Equal(IdempotencyOutcome.Proceed, (await grain.Begin(fingerprint, "req_01KAAAAAAAAAAAAAAAAAAAAAAA")).Outcome);

        await (await client.SendAsync(CreateKey(json, "orphaned"))).AssertError(HttpStatusCode.Conflict, "conflict");
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        await (await client.SendAsync(CreateKey(json, "orphaned"))).AssertError(HttpStatusCode.Conflict, "conflict");

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await client.SendAsync(CreateKey(json, "orphaned"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var replay = await client.SendAsync(CreateKey(json, "orphaned"));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await retry.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
    }

    private (IIdempotencyGrain Grain, string Fingerprint) InFlight(string apiKey, string idempotencyKey, string path, string json)
    {
        Assert.True(ApiKeyFormat.TryParse(apiKey, out var tenant, out var keyId));
        var grain = app.Service<IGrainFactory>().GetGrain<IIdempotencyGrain>($"{tenant.KeyFor(keyId)}/{idempotencyKey}");
        return (grain, IdempotencyMiddleware.ComputeFingerprint("POST", path, Encoding.UTF8.GetBytes(json)));
    }

    private static HttpRequestMessage CreateKey(string json, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys") { Content = Http.RawJson(json) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    [Fact]
    public async Task ConcurrentDuplicates_RunOnce()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = new { name = "race", scopes = new[] { "*" } };
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostJson("/v1/api-keys", body, "race-key")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.AssertError(HttpStatusCode.Conflict, "conflict");
        }
        Assert.Equal(2, (await (await client.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ReplayWindow_Is24Hours()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = new { name = "daily", scopes = new[] { "*" } };
        await client.PostJson("/v1/api-keys", body, "daily-key");
        app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.True((await client.PostJson("/v1/api-keys", body, "daily-key")).Headers.Contains("Idempotent-Replayed"));

        app.Clock.Advance(TimeSpan.FromHours(1));
        var fresh = await client.PostJson("/v1/api-keys", body, "daily-key");
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3, (await (await client.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task RejectedRequests_AreNotRemembered_SoACorrectedRetrySucceeds()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var rejected = await client.PostJson("/v1/api-keys", new { scopes = new[] { "*" } }, "fix-and-retry");
        await rejected.AssertError(HttpStatusCode.BadRequest, "validation_failed");

        var corrected = await client.PostJson("/v1/api-keys", new { name = "fixed", scopes = new[] { "*" } }, "fix-and-retry");
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var replayed = await client.PostJson("/v1/api-keys", new { name = "fixed", scopes = new[] { "*" } }, "fix-and-retry");
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task ErrorAnswersFromAHandler_AreNotRemembered_SoTheKeyCanBeRetried()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        // The handler itself answers 404 (no exception), which used to be stored and replayed for 24 hours.
        var path = $"/v1/policies/{Ids.New("pol")}/reinstate";
        var first = await client.PostJson(path, new { reason = "retry me" }, "unknown-policy");
        await first.AssertError(HttpStatusCode.NotFound, "not_found");
        var second = await client.PostJson(path, new { reason = "retry me" }, "unknown-policy");
        await second.AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((await first.Json()).GetProperty("requestId").GetString(), (await second.Json()).GetProperty("requestId").GetString());
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, true)]
    [InlineData(204, true)]
    [InlineData(299, true)]
    [InlineData(199, false)]
    [InlineData(304, false)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(422, false)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public void OnlySuccessfulResponses_AreRemembered(int status, bool remembered) =>
        Assert.Equal(remembered, IdempotencyMiddleware.IsRemembered(status));

    [Fact]
    public async Task ExpiredRecords_AreDeletedByTheSweep_NotReplayed()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        Assert.True(ApiKeyFormat.TryParse(key, out var tenant, out var keyId));
        var body = new { name = "swept", scopes = new[] { "*" } };
        var store = app.Service<IIdempotencyStore>();
        var sweeper = app.Service<IGrainFactory>().GetGrain<IIdempotencySweepGrain>(0);
        var recordKey = $"{tenant.KeyFor(keyId)}/swept-key";

        Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/v1/api-keys", body, "swept-key")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(23));
        await sweeper.Sweep();
        Assert.NotNull(await store.Find(recordKey));
        Assert.True((await client.PostJson("/v1/api-keys", body, "swept-key")).Headers.Contains("Idempotent-Replayed"));

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        Assert.True(await sweeper.Sweep() >= 1);
        Assert.Null(await store.Find(recordKey));
        var fresh = await client.PostJson("/v1/api-keys", body, "swept-key");
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3, (await (await client.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task IdempotencyKeys_ArePerKeyHolder()
    {
        var (_, keyA) = await app.CreateOrganization();
        var (_, keyB) = await app.CreateOrganization();
        using var a = app.CreateClient(keyA);
        using var b = app.CreateClient(keyB);
        var body = new { name = "same", scopes = new[] { "*" } };
        Assert.Equal(HttpStatusCode.Created, (await a.PostJson("/v1/api-keys", body, "shared-key")).StatusCode);
        var other = await b.PostJson("/v1/api-keys", body, "shared-key");
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task OverlongKey_Returns400()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = await (await client.PostJson("/v1/api-keys", new { name = "x", scopes = new[] { "*" } }, new string('k', 256)))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Idempotency-Key", body.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task AdminPosts_AreIdempotent()
    {
        using var admin = app.CreateAdminClient();
        var first = await admin.PostJson("/v1/admin/organizations", new { name = "Once Ltd" }, "org-once");
        var second = await admin.PostJson("/v1/admin/organizations", new { name = "Once Ltd" }, "org-once");
        Assert.Equal((await first.Json()).GetProperty("id").GetString(), (await second.Json()).GetProperty("id").GetString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
    }

}
