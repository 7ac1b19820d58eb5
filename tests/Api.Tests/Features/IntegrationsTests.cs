using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

/// <summary>Integrations and their `isk_` keys: managed by organization keys, accepted by Create token only.</summary>
[Collection(ApiCollection.Name)]
public sealed class IntegrationsTests(InsureApplication app)
{
    [Fact]
    public async Task CreateIntegration_ShowsItsKeyOnce_StoresOnlyAHash_AndListsItWithoutTheKey()
    {
        using var org = await Distribution.Start(app);
        var response = await org.Owner.PostAsJsonAsync("/v1/integrations", new { name = "Rater", agencyIds = Array.Empty<string>(), scopes = new[] { "submissions:write" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var created = await response.Json();
        var id = created.GetProperty("id").GetString()!;
        var key = created.GetProperty("key").GetString()!;
        Assert.Equal($"/v1/integrations/{id}", response.Headers.Location?.ToString());
        Assert.StartsWith("int_", id);
        Assert.StartsWith("isk_test_", key);
        Assert.Equal(IntegrationKeyFormat.Length, key.Length);
        Assert.Equal("integration", created.GetProperty("object").GetString());
        Assert.Equal("sandbox", created.GetProperty("environment").GetString());
        Assert.Equal(["submissions:write"], created.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("api_key", created.GetProperty("createdBy").GetProperty("type").GetString());

        var fetched = await org.Owner.GetAsync($"/v1/integrations/{id}");
        var fetchedText = await fetched.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.DoesNotContain(key, fetchedText);
        Assert.DoesNotContain("\"key\"", fetchedText);
        Assert.Equal($"isk_test_...{key[^4..]}", (await fetched.Json()).GetProperty("redactedKey").GetString());
        var listText = await (await org.Owner.GetAsync("/v1/integrations")).Content.ReadAsStringAsync();
        Assert.Contains(id, listText);
        Assert.DoesNotContain(key, listText);
        Assert.Equal(1, (await (await org.Owner.GetAsync("/v1/integrations")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CreateIntegration_RefusesScopesTokensMustNotHold_AndScopesTheKeyLacks()
    {
        using var org = await Distribution.Start(app);
        foreach (var scopes in new[] { new[] { "*" }, ["api_keys:write"], ["integrations:read"], ["boats:read"], [] })
        {
            await (await org.Owner.PostAsJsonAsync("/v1/integrations", new { name = "Rater", scopes }))
                .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        }
        await (await org.Owner.PostAsJsonAsync("/v1/integrations", new { name = "Rater" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await org.Owner.PostAsJsonAsync("/v1/integrations", new { scopes = new[] { "policies:read" } })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await org.Owner.PostAsJsonAsync("/v1/integrations", new { name = "Rater", scopes = new[] { "policies:read" }, agencyIds = new[] { "nope" } }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await org.Owner.PostAsJsonAsync("/v1/integrations", new { name = "Rater", scopes = new[] { "policies:read" }, secret = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");

        var (_, narrow) = await app.CreateKey(org.OrgId, new { name = "integrations only", scopes = new[] { "integrations:write", "policies:read" } });
        using var limited = app.CreateClient(narrow);
        var refused = await (await limited.PostAsJsonAsync("/v1/integrations", new { name = "Rater", scopes = new[] { "policies:write" } }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("policies:write", refused.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Created, (await limited.PostAsJsonAsync("/v1/integrations", new { name = "Rater", scopes = new[] { "policies:read" } })).StatusCode);

        var (_, reader) = await app.CreateKey(org.OrgId, new { name = "reader", scopes = new[] { "integrations:read" } });
        using var readOnly = app.CreateClient(reader);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/v1/integrations")).StatusCode);
        await (await readOnly.PostAsJsonAsync("/v1/integrations", new { name = "Rater", scopes = new[] { "policies:read" } }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");

        // A key that expires cannot make (or renew) an integration key that does not.
        var (_, expiring) = await app.CreateKey(org.OrgId, new
        {
            name = "temporary", scopes = new[] { "integrations:write", "policies:read" }, expiresAt = app.ClockOf(org.Owner).GetUtcNow().AddHours(1),
        });
        using var temporary = app.CreateClient(expiring);
        var outlives = await (await temporary.PostAsJsonAsync("/v1/integrations", new { name = "Rater", scopes = new[] { "policies:read" } }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("expires", outlives.GetProperty("message").GetString());
        var made = await (await limited.PostAsJsonAsync("/v1/integrations", new { name = "Rater 2", scopes = new[] { "policies:read" } })).Json();
        await (await temporary.PostAsync($"/v1/integrations/{made.GetProperty("id").GetString()}/rotate-key", null))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnotherTenantsIntegration_IsNotFound()
    {
        using var a = await Distribution.Start(app, "A");
        using var b = await Distribution.Start(app, "B");
        var (id, _, _) = await a.Integration([]);
        await (await b.Owner.GetAsync($"/v1/integrations/{id}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await b.Owner.PostAsync($"/v1/integrations/{id}/rotate-key", null)).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await b.Owner.GetAsync("/v1/integrations/int_nope")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task IntegrationKey_IsRefusedOnEveryOtherRoute_HoweverItIsSent()
    {
        using var org = await Distribution.Start(app);
        var (_, key, _) = await org.Integration([]);
        using var client = app.CreateClient();
        foreach (var path in new[] { "/v1/submissions", "/v1/integrations", "/v1/api-keys" })
        {
            var bearer = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
            var body = await (await client.SendAsync(bearer)).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Contains("POST /v1/auth/token", body.GetProperty("message").GetString());
        }
        var basic = new HttpRequestMessage(HttpMethod.Get, "/v1/submissions");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        await (await client.SendAsync(basic)).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        var header = new HttpRequestMessage(HttpMethod.Post, "/v1/submissions") { Content = JsonContent.Create(new { }) };
        header.Headers.Add("X-API-Key", key);
        await (await client.SendAsync(header)).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        // The admin routes take the admin secret only.
        using var admin = app.CreateClient(key);
        await (await admin.GetAsync("/v1/admin/organizations")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task CreateToken_TakesOnlyAnIntegrationKey()
    {
        using var org = await Distribution.Start(app);
        foreach (var credential in new[] { org.Key, "eyJhbGciOiJub25lIn0.eyJyZWYiOiJ4In0.", "isk_test_nope", "" })
        {
            using var client = app.CreateClient();
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/token") { Content = JsonContent.Create(new { tokenReference = "x" }) };
            if (credential.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            }
            await (await client.SendAsync(request)).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task CreateToken_WithNoParameter_Is404_NoParametersProvided()
    {
        using var org = await Distribution.Start(app);
        var (_, key, _) = await org.Integration([]);
        foreach (object? body in new object?[] { null, new { }, new { agentEmail = "", agentId = " ", partnerAgencyId = (string?)null, tokenReference = "" } })
        {
            var error = await (await org.CreateToken(key, body)).AssertError(HttpStatusCode.NotFound, "not_found");
            Assert.Equal("No parameters provided", error.GetProperty("message").GetString());
        }
        await (await org.CreateToken(key, new { tokenReference = "7XKcegdY6GakJ1UHJ9SWpFkC" })).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await org.CreateToken(key, new { agentId = "not-an-id" })).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await org.CreateToken(key, new { ref_ = "x" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task ForgedIntegrationKey_Is401_WithoutReachingAnyGrain()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
        var integrationId = Ids.New(IdPrefixes.Integration);
        var forged = IntegrationKeyFormat.Compose(tenant, integrationId, RandomNumberGenerator.GetBytes(32));
        Assert.True(IntegrationKeyFormat.TryParse(forged, out _, out _));
        var before = app.Grains.Activated.Count;

        using var org = new Distribution(app, tenant.OrgId, forged);
        var body = await (await org.CreateToken(forged, new { tokenReference = "x" })).AssertError(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Equal("Invalid integration secret key", body.GetProperty("message").GetString());
        Assert.DoesNotContain(app.Grains.Activated.Skip(before), id => id.Key.ToString()!.Contains(tenant.OrgId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticIntegrationKeyForNoSuchIntegration_Is401_AndItsActivationGoesAwayAtOnce()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
        var integrationId = Ids.New(IdPrefixes.Integration);
        var missing = app.Service<ApiKeySigner>().NewIntegrationKey(tenant, integrationId);

        using var org = new Distribution(app, tenant.OrgId, missing);
        await (await org.CreateToken(missing, new { tokenReference = "x" })).AssertError(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.True(app.Grains.WasActivated(tenant.KeyFor(integrationId)));
        await app.Grains.Deactivation(tenant.KeyFor(integrationId)).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task OpenApi_DescribesTheThreeCredentials()
    {
        using var client = app.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json")).Json();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Contains("sk_test_", schemes.GetProperty("bearer").GetProperty("description").GetString());
        Assert.Contains("isk_", schemes.GetProperty("integrationSecretKey").GetProperty("description").GetString());
        Assert.Equal("JWT", schemes.GetProperty("agencyAccessToken").GetProperty("bearerFormat").GetString());
        var paths = document.GetProperty("paths");
        var createToken = paths.GetProperty("/v1/auth/token").GetProperty("post");
        Assert.Equal(["integrationSecretKey"], createToken.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)));
        Assert.Contains("tokenReferences", createToken.GetProperty("responses").GetProperty("422").GetRawText() + document.GetProperty("components").GetProperty("schemas").GetProperty("TokenReferencesError").GetRawText());
        Assert.Equal(0, paths.GetProperty("/.well-known/jwks.json").GetProperty("get").GetProperty("security").GetArrayLength());
        Assert.Contains(document.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("agencyAccessToken", out _));
        foreach (var path in new[] { "/v1/integrations", "/v1/integrations/{id}", "/v1/integrations/{id}/agencies", "/v1/integrations/{id}/agencies/{agencyId}",
            "/v1/integrations/{id}/rotate-key", "/v1/producers/{agencyId}/revoke-tokens", "/v1/admin/agency-token-keys/rotate" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
    }
}
