using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Api.Tests.Features;

/// <summary>The Api with a sandbox limit of 5,000 a minute, counting the calls its node makes to rate-limit buckets.</summary>
public sealed class LeasedLimitsApplication() : InsureApplication(new Dictionary<string, string?> { ["Insure:RateLimits:Sandbox"] = "5000" })
{
    /// <summary>The calls this node makes to rate-limit buckets.</summary>
    public GrainCallCounter Calls { get; } = new(m => m.DeclaringType == typeof(Insure.Grains.IRateLimitBucketGrain) && m.Name is "Take" or "Lease");

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IOutgoingGrainCallFilter>(Calls);
}

/// <summary>
/// A busy key's requests are counted by its node from decisions it leases from the tenant's bucket, a batch at a time:
/// the limit and the headers stay exactly those of one bucket call per request, and an organization's suspension still
/// refuses the very next request.
/// </summary>
public sealed class RateLimitLeaseTests(LeasedLimitsApplication app) : IClassFixture<LeasedLimitsApplication>
{
    [Fact]
    public async Task ABusyKey_IsCountedFromLeasedDecisions_WithExactHeaders_AndASuspensionStillRefusesItsNextRequest()
    {
        var (orgId, key) = await app.CreateOrganization("Busy Key Co");
        using var client = app.CreateClient(key);
        using var admin = app.CreateAdminClient();
        var before = app.Calls.Count;
        for (var i = 1; i <= 400; i++)
        {
            var ok = await client.GetAsync("/v1/events?page_size=1");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal((5000 - i).ToString(CultureInfo.InvariantCulture), ok.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        var calls = app.Calls.Count - before;
        Assert.True(calls < 100, $"400 requests made {calls} bucket calls");

        // Held decisions are dropped when the organization changes: the next request is refused.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { status = "suspended" })).StatusCode);
        await (await client.GetAsync("/v1/events?page_size=1")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { status = "active" })).StatusCode);
        var back = await client.GetAsync("/v1/events?page_size=1");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        // What the node held when the change came stays counted, and no more: at most one lease.
        var remaining = int.Parse(back.Headers.GetValues("X-RateLimit-Remaining").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(remaining, 5000 - 401 - Insure.Api.Infrastructure.RateLimitLeases.MaxLease, 5000 - 401);
    }

    [Fact]
    public async Task ABurstOfConcurrentRequests_SharesOneLeaseAtATime_SoAtMostOneLeaseGoesUncounted()
    {
        var (_, key) = await app.CreateOrganization("Burst Co");
        using var client = app.CreateClient(key);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/events?page_size=1")).StatusCode);
        }
        // 64 at once, as a busy integration sends them: each would otherwise take a whole lease of its own.
        var burst = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => client.GetAsync("/v1/events?page_size=1")));
        Assert.All(burst, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var after = await client.GetAsync("/v1/events?page_size=1");
        var remaining = int.Parse(after.Headers.GetValues("X-RateLimit-Remaining").Single(), CultureInfo.InvariantCulture);
        // 265 requests made; what the node holds unused is at most one lease.
        Assert.InRange(remaining, 5000 - 265 - Insure.Api.Infrastructure.RateLimitLeases.MaxLease, 5000 - 265);
    }
}
