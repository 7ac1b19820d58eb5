using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class AdminTests(InsureApplication app)
{
    [Fact]
    public async Task CreateOrganization_ReturnsOrganizationWithSandboxKey()
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/v1/admin/organizations", new { name = "Northwind MGA" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Json();
        Assert.StartsWith("org_", body.GetProperty("id").GetString());
        Assert.Equal("Northwind MGA", body.GetProperty("name").GetString());
        Assert.Equal("standard", body.GetProperty("tier").GetString());
        var apiKey = body.GetProperty("apiKey");
        Assert.StartsWith("key_", apiKey.GetProperty("id").GetString());
        Assert.StartsWith("sk_test_", apiKey.GetProperty("key").GetString());
        Assert.Equal("sandbox", apiKey.GetProperty("environment").GetString());
        Assert.Equal(["*"], apiKey.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        using var client = app.CreateClient(apiKey.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/api-keys")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task AdminRoutes_WithoutTheSecret_Return401(string? secret)
    {
        using var client = secret is null ? app.CreateClient() : app.CreateClient(secret);
        await (await client.PostAsJsonAsync("/v1/admin/organizations", new { name = "x" })).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task AnApiKey_IsNotTheAdminSecret()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        await (await client.PostAsJsonAsync("/v1/admin/organizations", new { name = "x" })).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task PatchOrganization_ChangesTierAndApproval()
    {
        var (orgId, _) = await app.CreateOrganization();
        using var admin = app.CreateAdminClient();
        var response = await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { tier = "enterprise", liveApproved = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal("enterprise", body.GetProperty("tier").GetString());
        Assert.True(body.GetProperty("liveApproved").GetBoolean());

        var fetched = await (await admin.GetAsync($"/v1/admin/organizations/{orgId}")).Json();
        Assert.Equal("enterprise", fetched.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task PatchOrganization_RejectsUnknownTier_AndUnknownOrganization()
    {
        var (orgId, _) = await app.CreateOrganization();
        using var admin = app.CreateAdminClient();
        var bad = await (await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { tier = "platinum" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("tier", bad.GetProperty("details").GetProperty("field").GetString());

        await (await admin.PatchAsJsonAsync("/v1/admin/organizations/org_01M81YTXRKSZADMEGQBAJBDECF", new { tier = "standard" }))
            .AssertError(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync("/v1/admin/organizations/nonsense")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateOrganization_WithoutName_Returns400()
    {
        using var admin = app.CreateAdminClient();
        var body = await (await admin.PostAsJsonAsync("/v1/admin/organizations", new { })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("name", body.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal("required", body.GetProperty("details").GetProperty("rule").GetString());
    }

    /// <summary>A live-approved organization with clients for the admin, its sandbox key and a production key.</summary>
    private async Task<LiveOrganization> LiveApprovedOrganization()
    {
        var (orgId, key) = await app.CreateOrganization();
        var admin = app.CreateAdminClient();
        await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { liveApproved = true });
        var (_, live) = await app.CreateKey(orgId, new { name = "live", scopes = new[] { "*" }, environment = "production" });
        return new LiveOrganization(orgId, admin, app.CreateClient(key), app.CreateClient(live));
    }

    private sealed record LiveOrganization(string OrgId, HttpClient Admin, HttpClient Sandbox, HttpClient Production) : IDisposable
    {
        public void Dispose()
        {
            Admin.Dispose();
            Sandbox.Dispose();
            Production.Dispose();
        }
    }

    [Fact]
    public async Task SuspendedOrganization_KeysFailFromTheirNextRequest_UntilItIsActiveAgain()
    {
        using var organization = await LiveApprovedOrganization();
        var (orgId, admin, sandbox, production) = organization;
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("/v1/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await production.GetAsync("/v1/events")).StatusCode);

        var suspended = await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { status = "suspended" });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.Equal("suspended", (await suspended.Json()).GetProperty("status").GetString());
        Assert.Equal("suspended", (await (await admin.GetAsync($"/v1/admin/organizations/{orgId}")).Json()).GetProperty("status").GetString());

        foreach (var client in new[] { sandbox, production })
        {
            var body = await (await client.GetAsync("/v1/events")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Contains("suspended", body.GetProperty("message").GetString());
        }

        await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { status = "active" });
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("/v1/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await production.GetAsync("/v1/events")).StatusCode);

        var bad = await (await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { status = "frozen" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("status", bad.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task WithdrawingLiveApproval_StopsProductionKeys_SandboxKeysKeepWorking()
    {
        using var organization = await LiveApprovedOrganization();
        var (orgId, admin, sandbox, production) = organization;
        Assert.Equal(HttpStatusCode.OK, (await production.GetAsync("/v1/events")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { liveApproved = false })).StatusCode);

        var body = await (await production.GetAsync("/v1/events")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("not approved for live use", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("/v1/events")).StatusCode);

        await admin.PatchAsJsonAsync($"/v1/admin/organizations/{orgId}", new { liveApproved = true });
        Assert.Equal(HttpStatusCode.OK, (await production.GetAsync("/v1/events")).StatusCode);
    }

    [Fact]
    public async Task ResponsesCarryingASecret_AreSentWithCacheControlNoStore()
    {
        using var admin = app.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/v1/admin/organizations", new { name = "No cache Co" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore);
        var orgId = (await created.Json()).GetProperty("id").GetString();

        var key = await admin.PostAsJsonAsync($"/v1/admin/organizations/{orgId}/api-keys", new { name = "extra", scopes = new[] { "*" } });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        Assert.True(key.Headers.CacheControl?.NoStore);

        Assert.NotEqual(true, (await admin.GetAsync($"/v1/admin/organizations/{orgId}")).Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("Insure__AdminSecret")]
    [InlineData("Insure__KeySigningSecret")]
    public async Task ASecretShorterThan32Characters_RefusesToStart(string setting)
    {
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            [setting] = "too-short-to-be-safe",
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
        }, $"--urls http://127.0.0.1:{PostgresServer.FreePort()}");

        Assert.Equal(1, await api.WaitForExit(TimeSpan.FromSeconds(60)));
        var name = setting.Replace("__", ":", StringComparison.Ordinal);
        Assert.Contains($"Insure cannot start: {name} (env {setting}) must be at least 32 characters long, and the configured one has 20", api.Output);
        Assert.DoesNotContain("   at ", api.Output);
    }

    [Theory]
    [InlineData("Insure__Claims__MaxAttachmentBytes", "0", "Insure:Claims:MaxAttachmentBytes (env Insure__Claims__MaxAttachmentBytes) must be from 1")]
    [InlineData("Insure__Claims__ReopenWindowDays", "99999999", "Insure:Claims:ReopenWindowDays (env Insure__Claims__ReopenWindowDays) must be from 0 to 36500")]
    public async Task AClaimSettingOutOfRange_RefusesToStart(string setting, string value, string message)
    {
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            [setting] = value,
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
        }, $"--urls http://127.0.0.1:{PostgresServer.FreePort()}");

        Assert.Equal(1, await api.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Insure cannot start: {message}", api.Output);
        Assert.DoesNotContain("   at ", api.Output);
    }
}
