using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Microsoft.AspNetCore.Http;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(InsureApplication app, TightLimitsApplication tight) : IClassFixture<TightLimitsApplication>
{
    [Fact]
    public async Task SandboxKey_GetsExactly100PerMinute_Then429WithRetryAfter()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        for (var i = 1; i <= 100; i++)
        {
            var ok = await client.GetAsync("/v1/events?page_size=1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("100", ok.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.Equal((100 - i).ToString(CultureInfo.InvariantCulture), ok.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        var limited = await client.GetAsync("/v1/events?page_size=1");
        await limited.AssertError(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());
        var reset = long.Parse(limited.Headers.GetValues("X-RateLimit-Reset").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(reset - app.Clock.GetUtcNow().ToUnixTimeSeconds(), retryAfter - 1, retryAfter + 1);

        app.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/events?page_size=1")).StatusCode);
    }

    [Fact]
    public async Task Buckets_ArePerKey()
    {
        var (_, first) = await app.CreateOrganization();
        using var a = app.CreateClient(first);
        var second = (await (await a.PostAsJsonAsync("/v1/api-keys", new { name = "b", scopes = new[] { "*" } })).Json()).GetProperty("key").GetString()!;
        for (var i = 0; i < 99; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/v1/events?page_size=1")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await a.GetAsync("/v1/events?page_size=1")).StatusCode);
        using var b = app.CreateClient(second);
        var other = await b.GetAsync("/v1/events?page_size=1");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("99", other.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task ProductionLimit_FollowsTheOrganizationsTier()
    {
        var (orgId, key) = await app.CreateOrganization();
        using var admin = app.CreateAdminClient();
        await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { liveApproved = true });
        var live = (await (await admin.PostAsJsonAsync($"/v1/admin/organizations/{orgId}/api-keys", new { name = "live", scopes = new[] { "*" }, environment = "production" })).Json())
            .GetProperty("key").GetString()!;
        using var client = app.CreateClient(live);

        Assert.Equal("1000", (await client.GetAsync("/v1/api-keys")).Headers.GetValues("X-RateLimit-Limit").Single());
        await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { tier = "enterprise" });
        Assert.Equal("10000", (await client.GetAsync("/v1/api-keys")).Headers.GetValues("X-RateLimit-Limit").Single());
    }

    [Fact]
    public async Task AgencyTokens_CountPerIntegrationAndAgency_WithTheirOwnLimit_InsideTheTenantsBucket()
    {
        using var org = await Distribution.Start(tight);
        var mine = await org.Agency("Main Street Agency", "MS-1");
        var theirs = await org.Agency("Other Agency", "OT-1");
        await org.Agent(mine, "Jo Broker", "jo@example.com");
        tight.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, key, _) = await org.Integration([mine, theirs], ["submissions:read"]);
        tight.Clock.Advance(TimeSpan.FromMinutes(1));
        using var agent = tight.CreateClient(await org.Token(key, new { agentEmail = "jo@example.com" }));
        using var agency = tight.CreateClient(await org.Token(key, new { partnerAgencyId = "MS-1" }));
        using var other = tight.CreateClient(await org.Token(key, new { partnerAgencyId = "OT-1" }));
        tight.Clock.Advance(TimeSpan.FromMinutes(1));

        // Agency tokens' limit 2 (Insure:RateLimits:AgencyToken), shared by the agency's tokens, the agent's included.
        Assert.Equal(("2", "1"), Limits(await agent.GetAsync("/v1/submissions")));
        Assert.Equal(("2", "0"), Limits(await agency.GetAsync("/v1/submissions")));
        var refused = await agency.GetAsync("/v1/submissions");
        Assert.Contains("Rate limit of 2 requests per minute exceeded",
            (await refused.AssertError(HttpStatusCode.TooManyRequests, "rate_limited")).GetProperty("message").GetString());
        await (await agent.GetAsync("/v1/submissions")).AssertError(HttpStatusCode.TooManyRequests, "rate_limited");

        // Another agency of the same integration has its own window; the tenant's (2 x 3 = 6) holds them all.
        Assert.Equal(("2", "1"), Limits(await other.GetAsync("/v1/submissions")));
        Assert.Equal(("2", "0"), Limits(await other.GetAsync("/v1/submissions")));
        using var owner = tight.CreateClient(org.Key);
        Assert.Equal(("6", "1"), Limits(await owner.GetAsync("/v1/submissions")));
        Assert.Equal(("6", "0"), Limits(await owner.GetAsync("/v1/submissions")));
        var full = await owner.GetAsync("/v1/submissions");
        Assert.Contains("organization's sandbox keys together",
            (await full.AssertError(HttpStatusCode.TooManyRequests, "rate_limited")).GetProperty("message").GetString());

        tight.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await agency.GetAsync("/v1/submissions")).StatusCode);
    }

    private static (string, string) Limits(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.GetValues("X-RateLimit-Limit").Single(), response.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task UnauthenticatedRequests_CarryNoRateLimitHeaders()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }

    [Fact]
    public async Task MoreKeys_DoNotMultiplyATenantsThroughput_AndTheTighterWindowIsReported()
    {
        var (orgId, first) = await tight.CreateOrganization();
        var (_, second) = await tight.CreateKey(orgId, new { name = "second", scopes = new[] { "*" } });
        var (_, third) = await tight.CreateKey(orgId, new { name = "third", scopes = new[] { "*" } });
        using var a = tight.CreateClient(first);
        using var b = tight.CreateClient(second);
        using var c = tight.CreateClient(third);

        // Key limit 3, tenant limit 2 x 3 = 6. Headers show whichever window has fewer requests left.
        Assert.Equal(("3", "2"), Limits(await a.GetAsync("/v1/events")));
        Assert.Equal(("3", "1"), Limits(await a.GetAsync("/v1/events")));
        Assert.Equal(("3", "2"), Limits(await b.GetAsync("/v1/events")));
        Assert.Equal(("3", "1"), Limits(await b.GetAsync("/v1/events")));
        // c has 2 of its own left, the tenant only 1.
        Assert.Equal(("6", "1"), Limits(await c.GetAsync("/v1/events")));
        Assert.Equal(("6", "0"), Limits(await c.GetAsync("/v1/events")));

        var refused = await c.GetAsync("/v1/events");
        var body = await refused.AssertError(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains("organization's sandbox keys together", body.GetProperty("message").GetString());
        Assert.Equal("6", refused.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);

        var allowed = 0;
        foreach (var client in new[] { a, b, c })
        {
            for (var i = 0; i < 3; i++)
            {
                allowed += (await client.GetAsync("/v1/events")).IsSuccessStatusCode ? 1 : 0;
            }
        }
        Assert.Equal(0, allowed);
        // Another tenant is not affected.
        var (_, other) = await tight.CreateOrganization();
        using var elsewhere = tight.CreateClient(other);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/v1/events")).StatusCode);

        tight.Clock.Advance(TimeSpan.FromMinutes(1));
        var total = 0;
        foreach (var client in new[] { a, b, c })
        {
            for (var i = 0; i < 3; i++)
            {
                total += (await client.GetAsync("/v1/events")).IsSuccessStatusCode ? 1 : 0;
            }
        }
        Assert.Equal(6, total);

        static (string, string) Limits(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (response.Headers.GetValues("X-RateLimit-Limit").Single(), response.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
    }

    [Fact]
    public async Task LiveKeysPerTenant_AreCapped_RevokedAndExpiredKeysFreeTheirPlace()
    {
        var (orgId, first) = await tight.CreateOrganization();
        var (secondId, _) = await tight.CreateKey(orgId, new { name = "second", scopes = new[] { "*" } });
        await tight.CreateKey(orgId, new { name = "short", scopes = new[] { "*" }, expiresAt = tight.Clocks.Of(orgId).GetUtcNow().AddHours(1) });
        using var admin = tight.CreateAdminClient();
        using var owner = tight.CreateClient(first);

        var overAdmin = await admin.PostAsJsonAsync($"/v1/admin/organizations/{orgId}/api-keys", new { name = "fourth", scopes = new[] { "*" } });
        var body = await overAdmin.AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Contains("3 live sandbox keys", body.GetProperty("message").GetString());
        Assert.Equal("max_live_keys", body.GetProperty("details").GetProperty("rule").GetString());
        await (await owner.PostAsJsonAsync("/v1/api-keys", new { name = "fourth", scopes = new[] { "*" } }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        // The cap is per environment.
        await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { liveApproved = true });
        await tight.CreateKey(orgId, new { name = "live", scopes = new[] { "*" }, environment = "production" });

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/api-keys/{secondId}")).StatusCode);
        await tight.CreateKey(orgId, new { name = "replacement", scopes = new[] { "*" } });
        await (await admin.PostAsJsonAsync($"/v1/admin/organizations/{orgId}/api-keys", new { name = "fifth", scopes = new[] { "*" } }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");

        tight.Clocks.Of(orgId).Advance(TimeSpan.FromHours(1));
        await tight.CreateKey(orgId, new { name = "after expiry", scopes = new[] { "*" } });
    }

    [Fact]
    public async Task FailedAuthentications_AreLimitedPerClientAddress_BeforeAnyKeyIsChecked()
    {
        var (_, key) = await tight.CreateOrganization();
        var forged = ApiKeyFormat.Compose(new Tenant(Ids.New("org"), Tenant.Sandbox), Ids.New("key"), ApiKeyFormat.NewSecret(), RandomNumberGenerator.GetBytes(32));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.1.0.1", "/v1/events", forged)).Status);
        }

        // Even a good key is turned away from that address now, before it is looked at.
        var blocked = await From("10.1.0.1", "/v1/events", key);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.Equal("rate_limited", blocked.Body.GetProperty("error").GetString());
        Assert.StartsWith("req_", blocked.Body.GetProperty("requestId").GetString());
        Assert.Contains("failed authentication", blocked.Body.GetProperty("message").GetString());
        var retryAfter = int.Parse(blocked.Headers["Retry-After"].ToString(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From("10.1.0.1", "/v1/events", forged)).Status);

        Assert.Equal(HttpStatusCode.OK, (await From("10.1.0.2", "/v1/events", key)).Status);
        // Requests without a credential, and unauthenticated routes, are not failures.
        Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.1.0.3", "/v1/events", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.1.0.3", "/v1/events", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.1.0.3", "/v1/events", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await From("10.1.0.3", "/v1/events", key)).Status);

        tight.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(HttpStatusCode.OK, (await From("10.1.0.1", "/v1/events", key)).Status);
    }

    [Fact]
    public async Task RevokedAgencyTokens_AreNotFailedAuthentications_SoTheIntegrationCanStillCreateNewOnes()
    {
        using var org = await Distribution.Start(tight);
        var agency = await org.Agency("Revoked Agency", "RV-1");
        var (_, key, _) = await org.Integration([agency], ["submissions:read"]);
        var token = await org.Token(key, new { partnerAgencyId = "RV-1" });
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/v1/producers/{agency}/revoke-tokens", null)).StatusCode);

        // More revoked tokens from one address than its failed-authentication limit (3): each is 401, none a 429.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.1.0.9", "/v1/submissions", token)).Status);
        }
        Assert.Equal(HttpStatusCode.OK, (await From("10.1.0.9", "/v1/submissions", await org.Token(key, new { partnerAgencyId = "RV-1" }))).Status);
        // A token that is not ours still counts.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.1.0.9", "/v1/submissions", token[..^4] + "AAAA")).Status);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From("10.1.0.9", "/v1/submissions", token)).Status);
    }

    [Fact]
    public async Task FailedAuthentications_FromOneIPv6Subnet_CountTogether()
    {
        var (_, key) = await tight.CreateOrganization();
        foreach (var address in new[] { "2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:aaaa::3" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await From(address, "/v1/events", "not-a-key")).Status);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await From("2001:db8:1:2::4", "/v1/events", key)).Status);
        Assert.Equal(HttpStatusCode.OK, (await From("2001:db8:1:3::1", "/v1/events", key)).Status);
    }

    [Fact]
    public async Task FailedAdminAuthentications_AreLimitedPerClientAddress()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await From("10.2.0.1", "/v1/admin/organizations", "wrong-admin-secret")).Status);
        }
        var blocked = await From("10.2.0.1", "/v1/admin/organizations", InsureApplication.AdminSecret);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.Equal("rate_limited", blocked.Body.GetProperty("error").GetString());
        Assert.True(blocked.Headers.ContainsKey("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await From("10.2.0.2", "/v1/admin/organizations", InsureApplication.AdminSecret)).Status);
    }

    [Fact]
    public async Task AConfiguredSigningSecret_IsTheOneThatTagsKeys()
    {
        var (_, key) = await tight.CreateOrganization();
        Assert.True(ApiKeyFormat.HasValidTag(key, Encoding.UTF8.GetBytes(TightLimitsApplication.SigningSecret)));
        // The default application generated its own, so this key means nothing there.
        using var elsewhere = app.CreateClient(key);
        await (await elsewhere.GetAsync("/v1/events")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
    }

    /// <summary>A GET from the given client address (the test server lets a test set the connection's remote address).</summary>
    private async Task<(HttpStatusCode Status, IHeaderDictionary Headers, JsonElement Body)> From(string address, string path, string? bearer)
    {
        var context = await tight.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            if (bearer is not null)
            {
                c.Request.Headers.Authorization = "Bearer " + bearer;
            }
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        using var reader = new StreamReader(context.Response.Body);
        var text = await reader.ReadToEndAsync();
        var body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return ((HttpStatusCode)context.Response.StatusCode, context.Response.Headers, body);
    }
}
