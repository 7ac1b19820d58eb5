using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Products;

namespace Insure.Api.Tests.Repository;

/// <summary>What a newcomer sees: the Api started as a program prints a working sandbox key and an admin secret.</summary>
public sealed class FirstRunTests
{
    /// <summary>Starts the Api as a program in embedded mode and waits for the sandbox key it prints.</summary>
    private static async Task<(ServiceProcess Api, int Port, string Key)> StartEmbedded()
    {
        var port = PostgresServer.FreePort();
        var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
        }, $"--urls http://127.0.0.1:{port}");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        Match key;
        while (!(key = Regex.Match(api.Output, @"sk_test_[A-Za-z0-9_]+")).Success)
        {
            if (api.HasExited || DateTime.UtcNow >= deadline)
            {
                var why = (api.HasExited ? "the Api exited:\n" : "no key printed:\n") + api.Output;
                await api.DisposeAsync();
                Assert.Fail(why);
            }
            await Task.Delay(100);
        }
        return (api, port, key.Value);
    }

    [Fact]
    public async Task EmbeddedStart_PrintsAPlaygroundKeyThatWorks()
    {
        var (started, port, key) = await StartEmbedded();
        await using var api = started;
        var output = api.Output;
        Assert.Contains($"http://127.0.0.1:{port}/scalar", output);
        Assert.Contains("gone when it stops", output);
        Assert.Contains("Insure__Storage=Postgres", output);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
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

        // OpenInsure's quickstart, unchanged but for host, key and start date, against the printed sandbox key.
        var effective = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var example = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", "examples/openinsure-quickstart.sh")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["API"] = $"http://127.0.0.1:{port}/v1", ["API_KEY"] = key, ["EFFECTIVE_DATE"] = effective.ToString("yyyy-MM-dd") },
        })!;
        var printed = await example.StandardOutput.ReadToEndAsync();
        var errors = await example.StandardError.ReadToEndAsync();
        await example.WaitForExitAsync();
        Assert.True(example.ExitCode == 0, printed + errors);
        Assert.Matches(@"Premium: \d+(\.\d+)? USD", printed);
        Assert.Matches($@"Policy number: GL-{effective.Year}-\d{{6}}", printed);

        var admin = Regex.Match(output, @"adm_[0-9a-f]+").Value;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/v1/admin/organizations", Http.RawJson("{\"name\":\"Mine\"}"))).StatusCode);
    }

    [Fact]
    public async Task SeedBashExample_QuotesAndBindsAContractor_AgainstAStartedApi()
    {
        // The seed's own file, not a copy: CI clones the repository with shared/ beside it. Missing is a failure.
        var seed = Path.GetFullPath(Path.Combine(RepositoryFiles.Root, "..", "shared", "seeds", "openinsure-bash-example.sh"));
        Assert.True(File.Exists(seed), $"The seed's bash example is missing: expected {seed} (shared/ checked out beside the repository)");

        var (started, port, key) = await StartEmbedded();
        await using var api = started;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // "Today" is the started program's clock: the sandbox key it created at start-up says when that was.
        var keys = await (await http.GetAsync("/v1/api-keys")).Json();
        var today = DateOnly.FromDateTime(keys.GetProperty("data")[0].GetProperty("createdAt").GetDateTimeOffset().UtcDateTime);
        var effective = today.AddDays(21);

        var run = new System.Diagnostics.ProcessStartInfo("bash")
        {
            ArgumentList = { seed },
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["API"] = $"http://127.0.0.1:{port}/v1",
                ["TOKEN"] = key,
                ["EFFECTIVE_DATE"] = effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
        };
        using var example = System.Diagnostics.Process.Start(run)!;
        var printed = await example.StandardOutput.ReadToEndAsync();
        var errors = await example.StandardError.ReadToEndAsync();
        await example.WaitForExitAsync();
        Assert.True(example.ExitCode == 0, printed + errors);

        var premium = Regex.Match(printed, @"^Premium: (\d+(\.\d+)?)$", RegexOptions.Multiline);
        Assert.True(premium.Success, "no numeric premium:\n" + printed + errors);
        var policy = Regex.Match(printed, @"^Policy: (.*)$", RegexOptions.Multiline);
        Assert.True(policy.Success, "no policy line:\n" + printed + errors);
        Assert.Matches(@"^GL-\d{4}-\d{6}$", policy.Groups[1].Value);
        Assert.StartsWith($"GL-{effective.Year}-", policy.Groups[1].Value);

        // The premium is the GL plan's own rating of the seed's submission, and the policy is really there.
        var expected = RatingEngine.Rate(ProductCatalog.LoadEmbedded().Find("GL")!,
            new RatingApplication(effective, new Dictionary<string, string>
            {
                ["naicsCode"] = "236220",
                ["annualRevenue"] = "8000000",
                ["requestedLimit"] = "1000000",
                ["state"] = "OR",
            }, []));
        Assert.Equal(expected.GrossPremium, decimal.Parse(premium.Groups[1].Value, CultureInfo.InvariantCulture));
        var policies = await (await http.GetAsync("/v1/policies")).Json();
        Assert.Equal(policy.Groups[1].Value, policies.GetProperty("data")[0].GetProperty("policyNumber").GetString());
    }
}
