using System.Net;
using System.Net.Http.Json;
using System.Text;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class ErrorTests(InsureApplication app)
{
    [Fact]
    public async Task UnknownRoute_Returns404InTheErrorShape()
    {
        using var client = app.CreateClient();
        var body = await (await client.GetAsync("/v1/no-such-thing")).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("/v1/no-such-thing", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task WrongMethod_Returns405InTheErrorShape()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        await (await client.PutAsJsonAsync("/v1/api-keys", new { })).AssertError(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task BodyOverTheLimit_Returns413()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var huge = "{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\",\"scopes\":[\"*\"]}";
        await (await client.PostAsync("/v1/api-keys", Http.RawJson(huge))).AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(1, (await (await client.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("{\"name\":\"x\",", "bad_request", null)]
    [InlineData("not json", "bad_request", null)]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"*\"],\"colour\":\"red\"}", "validation_failed", "colour")]
    [InlineData("{\"name\":\"x\",\"scopes\":\"*\"}", "validation_failed", "scopes")]
    [InlineData("{\"name\":42,\"scopes\":[\"*\"]}", "validation_failed", "name")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"*\"],\"expiresAt\":\"soon\"}", "validation_failed", "expiresAt")]
    [InlineData("{\"scopes\":[\"*\"]}", "validation_failed", "name")]
    [InlineData("{\"name\":\"x\"}", "validation_failed", "scopes")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"policies:destroy\"]}", "validation_failed", "scopes[0]")]
    [InlineData("{\"name\":\"x\",\"scopes\":[\"*\"],\"environment\":\"staging\"}", "validation_failed", "environment")]
    [InlineData("[1,2]", "bad_request", null)]
    [InlineData("", "bad_request", null)]
    public async Task BadBodies_Return400NamingTheField_AndWriteNothing(string json, string code, string? field)
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var response = await client.PostAsync("/v1/api-keys", Http.RawJson(json));
        var body = await response.AssertError(HttpStatusCode.BadRequest, code);
        if (field is not null)
        {
            Assert.Equal(field, body.GetProperty("details").GetProperty("field").GetString());
        }
        Assert.DoesNotContain("System.", body.GetProperty("message").GetString());
        Assert.DoesNotContain("Insure.", body.GetProperty("message").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task WrongContentType_Returns400()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var response = await client.PostAsync("/v1/api-keys", new StringContent("{\"name\":\"x\",\"scopes\":[\"*\"]}", Encoding.UTF8, "text/plain"));
        await response.AssertError(HttpStatusCode.BadRequest, "bad_request");
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=1.5", "page_size")]
    public async Task OutOfRangePagination_Returns400(string query, string field)
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        foreach (var path in new[] { "/v1/api-keys", "/v1/events" })
        {
            var body = await (await client.GetAsync($"{path}?{query}")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(field, body.GetProperty("details").GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Pagination_PagesNewestFirst()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        for (var i = 0; i < 4; i++)
        {
            app.ClockOf(client).Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/api-keys", new { name = $"k{i}", scopes = new[] { "*" } })).StatusCode);
        }
        var first = await (await client.GetAsync("/v1/api-keys?page=1&page_size=2")).Json();
        var third = await (await client.GetAsync("/v1/api-keys?page=3&page_size=2")).Json();
        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.Equal(["k3", "k2"], first.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        Assert.Equal(["Default sandbox key"], third.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        var beyond = await (await client.GetAsync("/v1/api-keys?page=9&page_size=2")).Json();
        Assert.Equal(0, beyond.GetProperty("data").GetArrayLength());
        Assert.Equal(5, beyond.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task SuccessfulResponses_CarryARequestId()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/health/live");
        Assert.StartsWith("req_", response.Headers.GetValues("X-Request-Id").Single());
    }
}

/// <summary>An Api whose query store fails: the unhandled exception must surface as a clean 500.</summary>
public sealed class UnhandledExceptionTests : IAsyncLifetime
{
    private readonly BrokenStoreApplication _app = new();

    [Fact]
    public async Task UnhandledException_Returns500WithoutInternals()
    {
        var (_, key) = await _app.CreateOrganization();
        using var client = _app.CreateClient(key);
        var response = await client.GetAsync("/v1/api-keys");
        var body = await response.AssertError(HttpStatusCode.InternalServerError, "internal_error");
        var text = body.ToString();
        Assert.DoesNotContain("store is down", text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private sealed class BrokenStoreApplication : InsureApplication
    {
        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton<IQueryStore>(new ListFailingStore());
        }
    }

    /// <summary>Writes work; lists throw, as a store that lost its connection mid-run would.</summary>
    private sealed class ListFailingStore : DelegatingQueryStore
    {
        public override Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("store is down");
    }
}
