using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>Lists are paged at most `Insure:Lists:MaxOffset` rows deep, and count their total no further.</summary>
[Collection(ApiCollection.Name)]
public sealed class ListBoundsTests(InsureApplication app)
{
    [Theory]
    [InlineData("/v1/policyholders?page=400&page_size=30")]
    [InlineData("/v1/policyholders?page=335&page_size=30")]
    [InlineData("/v1/events?page=102&page_size=100")]
    [InlineData("/v1/api-keys?page=10002&page_size=1")]
    [InlineData("/v1/products?page=10002&page_size=1")]
    public async Task PagesDeeperThanTheDefaultBound_Return400_WithAHintToFilter(string path)
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = await (await client.GetAsync(path)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        var details = body.GetProperty("details");
        Assert.Equal("page", details.GetProperty("field").GetString());
        Assert.Equal("max_offset", details.GetProperty("rule").GetString());
        Assert.Equal("10000", details.GetProperty("maxOffset").GetString());
        Assert.Contains("createdBefore", details.GetProperty("hint").GetString());
        Assert.Contains("filter", body.GetProperty("message").GetString());
        Assert.Contains("10,000", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("/v1/policyholders?page=334&page_size=30")]
    [InlineData("/v1/events?page=101&page_size=100")]
    [InlineData("/v1/api-keys?page=10001&page_size=1")]
    public async Task PagesUpToTheBound_AreServed(string path)
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var page = await (await client.GetAsync(path)).Json();
        Assert.Equal(0, page.GetProperty("data").GetArrayLength());
        Assert.False(page.GetProperty("totalCapped").GetBoolean());
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheBoundAndTheCappedTotal()
    {
        using var client = app.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json")).Json();
        var description = document.GetProperty("info").GetProperty("description").GetString();
        Assert.Contains("Insure:Lists:MaxOffset", description);
        Assert.Contains("totalCapped", description);
        var list = document.GetProperty("paths").GetProperty("/v1/policyholders").GetProperty("get");
        Assert.Contains(list.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "page"
            && p.GetProperty("description").GetString()!.Contains("10,000", StringComparison.Ordinal));
        var reference = list.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString()!;
        var page = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/')[^1]).GetProperty("properties");
        Assert.True(page.TryGetProperty("total", out _));
        Assert.True(page.TryGetProperty("totalCapped", out _));
    }
}

/// <summary>An Api with a small list bound, to show it is configuration and that totals stop counting there.</summary>
public sealed class ConfiguredListBoundTests : IAsyncLifetime
{
    private sealed class SmallBoundApplication() : InsureApplication(new Dictionary<string, string?> { ["Insure:Lists:MaxOffset"] = "4" });

    private readonly SmallBoundApplication _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheConfiguredBound_RefusesDeeperPages_AndCapsTheTotal()
    {
        var (_, key) = await _app.CreateOrganization();
        using var client = _app.CreateClient(key);
        for (var i = 0; i < 6; i++)
        {
            _app.ClockOf(client).Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = $"Co {i}" })).StatusCode);
        }

        var first = await (await client.GetAsync("/v1/policyholders?page_size=2")).Json();
        Assert.Equal(4, first.GetProperty("total").GetInt32());
        Assert.True(first.GetProperty("totalCapped").GetBoolean());
        var deepest = await (await client.GetAsync("/v1/policyholders?page=3&page_size=2")).Json();
        Assert.Equal(["Co 1", "Co 0"], deepest.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        var refused = await (await client.GetAsync("/v1/policyholders?page=2&page_size=5")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("4", refused.GetProperty("details").GetProperty("maxOffset").GetString());
        var companies = await (await client.GetAsync("/v1/policyholders?type=company&createdAfter=" +
            Uri.EscapeDataString(_app.ClockOf(client).GetUtcNow().AddSeconds(-2).ToString("O")))).Json();
        Assert.Equal(2, companies.GetProperty("total").GetInt32());
        Assert.False(companies.GetProperty("totalCapped").GetBoolean());
    }
}
