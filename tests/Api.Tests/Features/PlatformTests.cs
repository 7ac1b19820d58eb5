using System.Net;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class PlatformTests(InsureApplication app)
{
    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/openapi.json")]
    public async Task OpenApi_Is31_AndDescribesEveryEndpoint(string path)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Json();
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());

        var paths = document.GetProperty("paths");
        string[] expectedPaths =
        [
            "/v1/api-keys", "/v1/api-keys/{id}", "/v1/events", "/v1/events/{id}", "/v1/admin/organizations", "/v1/admin/organizations/{id}",
            "/v1/products", "/v1/products/{code}", "/v1/policyholders", "/v1/policyholders/{id}", "/v1/submissions", "/v1/submissions/{id}",
            "/v1/submissions/{id}/quote", "/v1/submissions/{id}/quote-readiness", "/v1/submissions/{id}/bind", "/v1/policies",
            "/v1/policies/{id}", "/v1/policies/{id}/timeline", "/v1/policies/{id}/endorse", "/v1/policies/{id}/cancel",
            "/v1/policies/{id}/reinstate", "/v1/policies/{id}/renew", "/v1/referrals", "/v1/referrals/{id}", "/v1/referrals/{id}/decision",
            "/v1/producers", "/v1/producers/{id}", "/v1/producers/{id}/appointments", "/v1/producers/{id}/appointments/{appointmentId}",
        ];
        foreach (var expected in expectedPaths)
        {
            Assert.True(paths.TryGetProperty(expected, out _), $"{expected} missing from the OpenAPI document");
        }
        foreach (var pathItem in paths.EnumerateObject().Where(p => p.Name.StartsWith("/v1", StringComparison.Ordinal)))
        {
            foreach (var operation in pathItem.Value.EnumerateObject())
            {
                var where = $"{operation.Name.ToUpperInvariant()} {pathItem.Name}";
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()), $"{where} has no summary");
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{where} has no operationId");
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("401", out var unauthorized), $"{where} does not document 401");
                var schema = unauthorized.GetProperty("content").GetProperty("application/json").GetProperty("schema");
                Assert.Contains("ApiError", schema.GetRawText());
            }
        }
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out _));
        string[] ParameterNames(string path, string method) => paths.GetProperty(path).GetProperty(method).GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Assert.Subset(ParameterNames("/v1/policies", "get").ToHashSet(),
            new HashSet<string> { "page", "page_size", "status", "lineOfBusiness", "policyholderId", "producerId", "effectiveAfter", "effectiveBefore" });
        Assert.Subset(ParameterNames("/v1/producers", "get").ToHashSet(), new HashSet<string> { "search", "status", "type", "agencyId", "page", "page_size" });
        Assert.Subset(ParameterNames("/v1/events", "get").ToHashSet(), new HashSet<string> { "type", "createdAfter", "createdBefore", "page" });
        Assert.Contains("asOf", ParameterNames("/v1/policies/{id}", "get"));
        var createKey = paths.GetProperty("/v1/api-keys").GetProperty("post");
        Assert.Contains(createKey.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(createKey.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var upload = paths.GetProperty("/v1/claims/{id}/attachments").GetProperty("post").GetProperty("requestBody");
        var file = upload.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("file");
        Assert.Equal(("string", "binary"), (file.GetProperty("type").GetString(), file.GetProperty("format").GetString()));
        Assert.True(paths.TryGetProperty("/v1/claims/{id}/attachments/{attachmentId}", out _));
    }

    [Fact]
    public async Task Scalar_ServesTheExplorer()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_LiveAndReady()
    {
        using var client = app.CreateClient();
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Json();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("cluster").GetString());
    }
}
