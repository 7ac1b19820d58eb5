using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(InsureApplication app)
{
    [Fact]
    public async Task Key_IsAccepted_AsBearer_Basic_And_XApiKey()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient();

        var bearer = new HttpRequestMessage(HttpMethod.Get, "/v1/api-keys");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var basic = new HttpRequestMessage(HttpMethod.Get, "/v1/api-keys");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        var header = new HttpRequestMessage(HttpMethod.Get, "/v1/api-keys");
        header.Headers.Add("X-API-Key", key);

        foreach (var request in new[] { bearer, basic, header })
        {
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, (await response.Json()).GetProperty("total").GetInt32());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("sk_test_short")]
    [InlineData("Basic !!!notbase64")]
    public async Task MissingOrMalformedCredential_Returns401(string? credential)
    {
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/api-keys");
        if (credential?.StartsWith("Basic ", StringComparison.Ordinal) == true)
        {
            request.Headers.TryAddWithoutValidation("Authorization", credential);
        }
        else if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
        var response = await client.SendAsync(request);
        await response.AssertError(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task WellFormedKey_WithWrongSecret_Returns401()
    {
        var (_, key) = await app.CreateOrganization();
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var client = app.CreateClient(forged);
        await (await client.GetAsync("/v1/api-keys")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task RevokedKey_FailsOnItsNextRequest()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var created = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "temp", scopes = new[] { "*" } })).Json();
        var tempKey = created.GetProperty("key").GetString()!;
        using var temp = app.CreateClient(tempKey);
        Assert.Equal(HttpStatusCode.OK, (await temp.GetAsync("/v1/api-keys")).StatusCode);

        var revoke = await owner.DeleteAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var body = await (await temp.GetAsync("/v1/api-keys")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("revoked", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ExpiredKey_Returns401()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var expiresAt = app.ClockOf(owner).GetUtcNow().AddHours(1);
        var created = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "short", scopes = new[] { "*" }, expiresAt })).Json();
        using var shortLived = app.CreateClient(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await shortLived.GetAsync("/v1/api-keys")).StatusCode);

        app.ClockOf(owner).Advance(TimeSpan.FromHours(1));

        var body = await (await shortLived.GetAsync("/v1/api-keys")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("expired", body.GetProperty("message").GetString());
        var listed = await (await owner.GetAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}")).Json();
        Assert.Equal("expired", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task KeyWithoutScope_Returns403()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var created = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "reader", scopes = new[] { "events:read" } })).Json();
        using var reader = app.CreateClient(created.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/events")).StatusCode);
        var body = await (await reader.GetAsync("/v1/api-keys")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("api_keys:read", body.GetProperty("message").GetString());
        await (await reader.PostAsJsonAsync("/v1/api-keys", new { name = "x", scopes = new[] { "events:read" } }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task WriteScope_ImpliesRead_ButKeyCannotGrantMoreThanItHolds()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var created = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "keys", scopes = new[] { "api_keys:write" } })).Json();
        using var limited = app.CreateClient(created.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await limited.GetAsync("/v1/api-keys")).StatusCode);
        await (await limited.PostAsJsonAsync("/v1/api-keys", new { name = "escalate", scopes = new[] { "*" } }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Created,
            (await limited.PostAsJsonAsync("/v1/api-keys", new { name = "same", scopes = new[] { "api_keys:read" } })).StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsId_Returns404()
    {
        var (_, keyA) = await app.CreateOrganization("A");
        var (_, keyB) = await app.CreateOrganization("B");
        using var a = app.CreateClient(keyA);
        using var b = app.CreateClient(keyB);
        var keyOfA = (await (await a.GetAsync("/v1/api-keys")).Json()).GetProperty("data")[0].GetProperty("id").GetString();
        var eventOfA = (await (await a.GetAsync("/v1/events")).Json()).GetProperty("data")[0].GetProperty("id").GetString();

        await (await b.GetAsync($"/v1/api-keys/{keyOfA}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await b.DeleteAsync($"/v1/api-keys/{keyOfA}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await b.GetAsync($"/v1/events/{eventOfA}")).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(1, (await (await b.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/v1/api-keys/{keyOfA}")).StatusCode);
    }

    [Fact]
    public async Task ProductionKey_NeedsLiveApproval_ComesFromTheAdminApi_AndSeesOnlyProduction()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var sandbox = app.CreateClient(key);
        using var admin = app.CreateAdminClient();
        var request = new { name = "live", scopes = new[] { "*" }, environment = "production" };
        await (await admin.PostAsJsonAsync($"/v1/admin/organizations/{orgId}/api-keys", request)).AssertError(HttpStatusCode.Forbidden, "forbidden");

        var patch = await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { liveApproved = true });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        // A sandbox key, even with every scope, cannot mint production keys.
        await (await sandbox.PostAsJsonAsync("/v1/api-keys", request)).AssertError(HttpStatusCode.Forbidden, "forbidden");

        var created = await admin.PostAsJsonAsync($"/v1/admin/organizations/{orgId}/api-keys", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var liveKey = (await created.Json()).GetProperty("key").GetString()!;
        Assert.StartsWith("sk_live_", liveKey);

        using var live = app.CreateClient(liveKey);
        var liveList = await (await live.GetAsync("/v1/api-keys")).Json();
        Assert.Equal("production", liveList.GetProperty("data")[0].GetProperty("environment").GetString());
        Assert.Equal(1, liveList.GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await sandbox.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
        // A production key creates production keys.
        var second = await live.PostAsJsonAsync("/v1/api-keys", new { name = "live 2", scopes = new[] { "policies:read" } });
        Assert.StartsWith("sk_live_", (await second.Json()).GetProperty("key").GetString());
        await (await admin.PostAsJsonAsync("/v1/admin/organizations/org_01M81YTXRKSZADMEGQBAJBDECF/api-keys", request)).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreatedKey_RecordsCreatedBy_AndShowsSecretOnlyOnce()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var ownerKeyId = (await (await owner.GetAsync("/v1/api-keys")).Json()).GetProperty("data")[0].GetProperty("id").GetString();

        var response = await owner.PostAsJsonAsync("/v1/api-keys", new { name = "ci", scopes = new[] { "events:read" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Json();
        var id = created.GetProperty("id").GetString();
        Assert.Equal($"/v1/api-keys/{id}", response.Headers.Location?.ToString());
        Assert.StartsWith("sk_test_", created.GetProperty("key").GetString());
        var createdBy = created.GetProperty("createdBy");
        Assert.Equal("api_key", createdBy.GetProperty("type").GetString());
        Assert.Equal(ownerKeyId, createdBy.GetProperty("id").GetString());
        Assert.Equal(orgId, createdBy.GetProperty("ownerId").GetString());

        var fetchedText = await (await owner.GetAsync($"/v1/api-keys/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(created.GetProperty("key").GetString()!, fetchedText);
        Assert.DoesNotContain("\"key\"", fetchedText);
    }

    [Fact]
    public async Task ForgedKey_WithTheRightShapeButNotOurTag_Is401_WithoutReachingAnyGrain()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
        var keyId = Ids.New("key");
        var forged = ApiKeyFormat.Compose(tenant, keyId, ApiKeyFormat.NewSecret(), RandomNumberGenerator.GetBytes(32));
        Assert.True(ApiKeyFormat.TryParse(forged, out _, out _));
        var before = app.Grains.Activated.Count;

        using var client = app.CreateClient(forged);
        var body = await (await client.GetAsync("/v1/api-keys")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Equal("Invalid API key", body.GetProperty("message").GetString());
        Assert.False(app.Grains.WasActivated(tenant.KeyFor(keyId)));
        Assert.DoesNotContain(app.Grains.Activated.Skip(before), id => id.Key.ToString()!.Contains(tenant.OrgId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticKeyForNoSuchKey_Is401_AndItsActivationGoesAwayAtOnce()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
        var keyId = Ids.New("key");
        // Only this server can tag a key; a tagged key with no key behind it still has to be looked up.
        var missing = app.Service<ApiKeySigner>().NewKey(tenant, keyId);

        using var client = app.CreateClient(missing);
        await (await client.GetAsync("/v1/api-keys")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.True(app.Grains.WasActivated(tenant.KeyFor(keyId)));
        // Idle collection would keep it for many minutes; the grain lets itself go once the call is answered.
        await app.Grains.Deactivation(tenant.KeyFor(keyId)).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CreatedKey_NeverOutlivesTheKeyThatCreatedIt()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var parentExpiry = app.ClockOf(owner).GetUtcNow().AddHours(1);
        var parent = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "parent", scopes = new[] { "*" }, expiresAt = parentExpiry })).Json();
        using var parentClient = app.CreateClient(parent.GetProperty("key").GetString()!);

        var later = await parentClient.PostAsJsonAsync("/v1/api-keys", new { name = "later", scopes = new[] { "*" }, expiresAt = parentExpiry.AddDays(30) });
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        var laterBody = await later.Json();
        Assert.Equal(parentExpiry, laterBody.GetProperty("expiresAt").GetDateTimeOffset());
        var unbounded = await (await parentClient.PostAsJsonAsync("/v1/api-keys", new { name = "none", scopes = new[] { "*" } })).Json();
        Assert.Equal(parentExpiry, unbounded.GetProperty("expiresAt").GetDateTimeOffset());
        var sooner = await (await parentClient.PostAsJsonAsync("/v1/api-keys", new { name = "sooner", scopes = new[] { "*" }, expiresAt = parentExpiry.AddMinutes(-30) })).Json();
        Assert.Equal(parentExpiry.AddMinutes(-30), sooner.GetProperty("expiresAt").GetDateTimeOffset());
        var stored = await (await owner.GetAsync($"/v1/api-keys/{laterBody.GetProperty("id").GetString()}")).Json();
        Assert.Equal(parentExpiry, stored.GetProperty("expiresAt").GetDateTimeOffset());

        using var child = app.CreateClient(laterBody.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await child.GetAsync("/v1/events")).StatusCode);
        app.ClockOf(owner).Advance(TimeSpan.FromHours(1));
        var expired = await (await child.GetAsync("/v1/events")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("expired", expired.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RevokingAKey_RevokesTheKeysItCreated_Recursively()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var parent = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "parent", scopes = new[] { "*" } })).Json();
        using var parentClient = app.CreateClient(parent.GetProperty("key").GetString()!);
        var child = await (await parentClient.PostAsJsonAsync("/v1/api-keys", new { name = "child", scopes = new[] { "*" } })).Json();
        using var childClient = app.CreateClient(child.GetProperty("key").GetString()!);
        var grandchild = await (await childClient.PostAsJsonAsync("/v1/api-keys", new { name = "grandchild", scopes = new[] { "events:read" } })).Json();
        using var grandchildClient = app.CreateClient(grandchild.GetProperty("key").GetString()!);
        var sibling = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "sibling", scopes = new[] { "events:read" } })).Json();
        using var siblingClient = app.CreateClient(sibling.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await grandchildClient.GetAsync("/v1/events")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/api-keys/{parent.GetProperty("id").GetString()}")).StatusCode);

        foreach (var revoked in new[] { parentClient, childClient, grandchildClient })
        {
            var body = await (await revoked.GetAsync("/v1/events")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Contains("revoked", body.GetProperty("message").GetString());
        }
        var listed = await (await owner.GetAsync($"/v1/api-keys/{grandchild.GetProperty("id").GetString()}")).Json();
        Assert.Equal("revoked", listed.GetProperty("status").GetString());
        // Keys the revoked key did not create are untouched.
        Assert.Equal(HttpStatusCode.OK, (await siblingClient.GetAsync("/v1/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/v1/events")).StatusCode);
    }

    [Fact]
    public async Task AKey_CannotRevokeAKeyWithBroaderScopes()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var ownerId = (await (await owner.GetAsync("/v1/api-keys")).Json()).GetProperty("data")[0].GetProperty("id").GetString();
        var manager = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "keys", scopes = new[] { "api_keys:write", "events:read" } })).Json();
        using var managerClient = app.CreateClient(manager.GetProperty("key").GetString()!);
        var writer = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "writer", scopes = new[] { "events:write" } })).Json();
        var reader = await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "reader", scopes = new[] { "events:read", "api_keys:read" } })).Json();

        var body = await (await managerClient.DeleteAsync($"/v1/api-keys/{ownerId}")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("broader", body.GetProperty("message").GetString());
        await (await managerClient.DeleteAsync($"/v1/api-keys/{writer.GetProperty("id").GetString()}")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/v1/events")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await managerClient.DeleteAsync($"/v1/api-keys/{reader.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/api-keys/{writer.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task CreatedKey_AndItsIdempotentReplay_AreSentWithCacheControlNoStore()
    {
        var (_, key) = await app.CreateOrganization();
        using var owner = app.CreateClient(key);
        var first = await owner.PostJson("/v1/api-keys", new { name = "cached?", scopes = new[] { "*" } }, "no-store-1");
        var replay = await owner.PostJson("/v1/api-keys", new { name = "cached?", scopes = new[] { "*" } }, "no-store-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(first.Headers.CacheControl?.NoStore);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.True(replay.Headers.CacheControl?.NoStore);
        var listed = await owner.GetAsync("/v1/api-keys");
        Assert.NotEqual(true, listed.Headers.CacheControl?.NoStore);
    }
}
