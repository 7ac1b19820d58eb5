using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Orleans.Streams;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class EventsTests(InsureApplication app)
{
    [Fact]
    public async Task KeyCreationAndRevocation_AreRecordedAsEvents()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var created = await (await client.PostAsJsonAsync("/v1/api-keys", new { name = "temp", scopes = new[] { "*" } })).Json();
        var id = created.GetProperty("id").GetString();
        await client.DeleteAsync($"/v1/api-keys/{id}");

        var events = await (await client.GetAsync("/v1/events")).Json();
        var types = events.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["api_key.revoked", "api_key.created", "api_key.created"], types);

        var revoked = events.GetProperty("data")[0];
        Assert.StartsWith("evt_", revoked.GetProperty("id").GetString());
        Assert.Equal(orgId, revoked.GetProperty("orgId").GetString());
        Assert.Equal(id, revoked.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("revoked", revoked.GetProperty("data").GetProperty("status").GetString());
        Assert.EndsWith("Z", revoked.GetProperty("timestamp").GetString());
        Assert.Equal(JsonValueKind.Undefined, revoked.GetProperty("data").TryGetProperty("key", out var secret) ? secret.ValueKind : JsonValueKind.Undefined);

        var single = await (await client.GetAsync($"/v1/events/{revoked.GetProperty("id").GetString()}")).Json();
        Assert.Equal("api_key.revoked", single.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Events_FilterByTypeAndCreationTime()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(1));
        var middle = app.ClockOf(client).GetUtcNow();
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(1));
        var created = await (await client.PostAsJsonAsync("/v1/api-keys", new { name = "later", scopes = new[] { "*" } })).Json();
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(1));
        await client.DeleteAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}");

        async Task<List<string?>> Types(string query) =>
            (await (await client.GetAsync($"/v1/events?{query}")).Json()).GetProperty("data").EnumerateArray()
                .Select(e => e.GetProperty("type").GetString()).ToList();

        Assert.Equal(["api_key.created", "api_key.created"], await Types("type=api_key.created"));
        Assert.Equal(["api_key.revoked", "api_key.created"], await Types($"createdAfter={Uri.EscapeDataString(middle.ToString("O"))}"));
        Assert.Equal(["api_key.created"], await Types($"createdBefore={Uri.EscapeDataString(middle.ToString("O"))}"));
        Assert.Equal(["api_key.created"], await Types($"type=api_key.created&createdAfter={Uri.EscapeDataString(middle.ToString("O"))}"));
        var bad = await (await client.GetAsync("/v1/events?createdAfter=yesterday")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("createdAfter", bad.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnknownEvent_Returns404()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        await (await client.GetAsync("/v1/events/evt_01M81YTXRKSZADMEGQBAJBDECF")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync("/v1/events/garbage")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Events_ArePublishedOnTheTenantsStream()
    {
        var (orgId, key) = await app.CreateOrganization();
        var received = new List<DomainEvent>();
        var gotRevocation = new TaskCompletionSource();
        var stream = app.Service<IClusterClient>().GetStreamProvider(Names.StreamProvider)
            .GetStream<DomainEvent>(StreamId.Create(Names.EventStreamNamespace, new Tenant(orgId, Tenant.Sandbox).ToString()));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            lock (received)
            {
                received.Add(e);
            }
            if (e.Type == "api_key.revoked")
            {
                gotRevocation.TrySetResult();
            }
            return Task.CompletedTask;
        });

        using var client = app.CreateClient(key);
        var created = await (await client.PostAsJsonAsync("/v1/api-keys", new { name = "streamed", scopes = new[] { "*" } })).Json();
        await client.DeleteAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}");
        await gotRevocation.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await subscription.UnsubscribeAsync();

        List<DomainEvent> snapshot;
        lock (received)
        {
            snapshot = [.. received];
        }
        var keyId = created.GetProperty("id").GetString()!;
        var forKey = snapshot.Where(e => e.Data.Contains(keyId, StringComparison.Ordinal)).ToList();
        Assert.Equal(["api_key.created", "api_key.revoked"], forKey.Select(e => e.Type));
        Assert.All(snapshot, e => Assert.Equal(orgId, e.OrgId));
        var stored = (await (await client.GetAsync("/v1/events")).Json()).GetProperty("data").EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.All(snapshot, e => Assert.Contains(e.Id, stored));
    }
}
