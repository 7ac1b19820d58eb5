using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(InsureApplication app)
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
    public async Task UnauthenticatedRequests_CarryNoRateLimitHeaders()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }
}
