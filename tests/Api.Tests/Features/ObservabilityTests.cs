using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>
/// The Api as an operator runs it (Production settings): its logs are JSON lines, a request's carry its id, and with an
/// OTLP endpoint configured its traces and metrics reach a real OTLP/HTTP receiver.
/// </summary>
public sealed class ObservabilityTests
{
    private const string AdminSecret = "logging-admin-secret-0123456789abcdef";

    [Fact]
    public async Task LogLines_AreJson_AndCarryTheRequestIdOfTheRequestTheyWereWrittenIn()
    {
        var port = PostgresServer.FreePort();
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            ["Insure__AdminSecret"] = AdminSecret,
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
        }, $"--urls http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ReadinessPoll.Until(http, HttpStatusCode.OK, 90);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminSecret);
        var response = await http.PostAsJsonAsync("/v1/admin/organizations?note=secret", new { name = "Logged Co" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var orgId = (await response.Json()).GetProperty("id").GetString()!;

        var line = await LineContaining(api, orgId);
        using var log = JsonDocument.Parse(line);
        var entry = log.RootElement;
        Assert.Equal("Insure.Admin", entry.GetProperty("Category").GetString());
        Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
        Assert.EndsWith("Z", entry.GetProperty("Timestamp").GetString());
        Assert.Equal(orgId, entry.GetProperty("State").GetProperty("OrganizationId").GetString());
        var scope = Assert.Single(entry.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("RequestId", out _));
        Assert.Equal(requestId, scope.GetProperty("RequestId").GetString());
        Assert.Equal(("POST", "/v1/admin/organizations"), (scope.GetProperty("Method").GetString(), scope.GetProperty("Path").GetString()));
        // The query string may hold a credential (a deal-room link's token): it is never logged.
        Assert.DoesNotContain("note=secret", api.Output);
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_TracesOfRequestsAndGrainCalls_AndMetrics_AreExported()
    {
        await using var collector = await WebhookReceiver.Start();
        var port = PostgresServer.FreePort();
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            ["Insure__AdminSecret"] = AdminSecret,
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{collector.Port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "insure-under-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        }, $"--urls http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await ReadinessPoll.Until(http, HttpStatusCode.OK, 90);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminSecret);
        var created = await (await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "Traced Co" })).Json();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("apiKey").GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/api-keys")).StatusCode);

        // OTLP/HTTP bodies are protobuf, whose strings are plain UTF-8: span names, scope names and attributes read as text.
        var traces = await Exported(collector, "v1/traces", "GET /v1/api-keys");
        Assert.Contains("insure-under-test", traces);
        await Exported(collector, "v1/traces", "Microsoft.Orleans");
        await Exported(collector, "v1/metrics", "http.server.request.duration");
    }

    /// <summary>The first body the collector received on <paramref name="path"/> that contains <paramref name="text"/>.</summary>
    private static async Task<string> Exported(WebhookReceiver collector, string path, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (collector.On(path).Select(r => r.Body).FirstOrDefault(b => b.Contains(text, StringComparison.Ordinal)) is { } body)
            {
                return body;
            }
            Assert.True(DateTime.UtcNow < deadline, $"nothing exported to /{path} contains {text} ({collector.On(path).Count} requests)");
            await Task.Delay(100);
        }
    }

    private static async Task<string> LineContaining(ServiceProcess process, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var line = process.Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal) && l.TrimStart().StartsWith('{'));
            if (line is not null)
            {
                return line;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no log line names {text}:\n{process.Output}");
            await Task.Delay(100);
        }
    }
}
