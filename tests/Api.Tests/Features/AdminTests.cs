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
}
