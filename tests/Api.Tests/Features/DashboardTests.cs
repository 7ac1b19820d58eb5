using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Api.Tests.Features;

/// <summary>The Api with the Orleans Dashboard enabled.</summary>
public sealed class DashboardApplication() : InsureApplication(new Dictionary<string, string?> { ["Insure:Dashboard:Enabled"] = "true" });

/// <summary>The Orleans Dashboard at `/dashboard`: only with the admin secret, and only when enabled.</summary>
public sealed class DashboardTests(DashboardApplication app) : IClassFixture<DashboardApplication>
{
    [Fact]
    public async Task TheDashboard_NeedsTheAdminSecret_AsBearerOrAsTheBrowsersBasicPassword()
    {
        using var anonymous = app.CreateClient();
        foreach (var path in new[] { "/dashboard/", "/dashboard/ClusterStats", "/dashboard/Trace" })
        {
            var refused = await anonymous.GetAsync(path);
            await refused.AssertError(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
        }
        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = Basic("admin", "not-the-secret-0123456789abcdef0123");
        await (await wrong.GetAsync("/dashboard/")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
        // An API key is no admin secret.
        var (_, key) = await app.CreateOrganization("Dashboard Co");
        using var tenant = app.CreateClient(key);
        await (await tenant.GetAsync("/dashboard/")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");

        using var admin = app.CreateAdminClient();
        var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        using var browser = app.CreateClient();
        browser.DefaultRequestHeaders.Authorization = Basic("admin", InsureApplication.AdminSecret);
        var stats = await browser.GetAsync("/dashboard/ClusterStats");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal("application/json", stats.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EveryDashboardRoute_IsForTheAdminOnly_AndOutOfTheOpenApiDocument()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("dashboard", StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(routes.Count >= 10, $"only {routes.Count} dashboard routes found");
        Assert.All(routes, e => Assert.True(e.Metadata.GetMetadata<AdminOnly>() is { BrowserPrompt: true }, $"{e.RoutePattern.RawText} is not admin-only"));
        using var client = app.CreateClient();
        var document = await client.GetStringAsync("/openapi.json");
        Assert.Contains("/v1/policies", document);
        Assert.DoesNotContain("/dashboard", document);
    }

    [Fact]
    public async Task WithoutTheSetting_ThereIsNoDashboard()
    {
        await using var plain = new InsureApplication();
        using var admin = plain.CreateAdminClient();
        await (await admin.GetAsync("/dashboard/")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
