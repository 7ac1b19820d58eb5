using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Repository;

/// <summary>What a newcomer sees: the Api started as a program prints a working sandbox key and an admin secret.</summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task EmbeddedStart_PrintsAPlaygroundKeyThatWorks()
    {
        var port = PostgresServer.FreePort();
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
        }, $"--urls http://127.0.0.1:{port}");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        Match key;
        while (!(key = Regex.Match(api.Output, @"sk_test_[A-Za-z0-9_]+")).Success)
        {
            Assert.False(api.HasExited, api.Output);
            Assert.True(DateTime.UtcNow < deadline, "no key printed:\n" + api.Output);
            await Task.Delay(100);
        }
        var output = api.Output;
        Assert.Contains($"http://127.0.0.1:{port}/scalar", output);
        Assert.Contains("gone when it stops", output);
        Assert.Contains("Insure__Storage=Postgres", output);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Value);
        var keys = await http.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal(1, (await keys.Json()).GetProperty("total").GetInt32());

        // Kestrel's own body limit, on a chunked upload that declares no length.
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await (await http.SendAsync(chunked)).AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        // OpenInsure's quickstart, unchanged but for host and key, against the printed sandbox key.
        var example = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", "examples/openinsure-quickstart.sh")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["API"] = $"http://127.0.0.1:{port}/v1", ["API_KEY"] = key.Value },
        })!;
        var printed = await example.StandardOutput.ReadToEndAsync();
        var errors = await example.StandardError.ReadToEndAsync();
        await example.WaitForExitAsync();
        Assert.True(example.ExitCode == 0, printed + errors);
        Assert.Matches(@"Premium: \d+(\.\d+)? USD", printed);
        Assert.Matches(@"Policy number: GL-2026-\d{6}", printed);

        var admin = Regex.Match(output, @"adm_[0-9a-f]+").Value;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/v1/admin/organizations", Http.RawJson("{\"name\":\"Mine\"}"))).StatusCode);
    }
}
