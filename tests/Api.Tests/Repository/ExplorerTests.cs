using Insure.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Insure.Api.Tests.Repository;

/// <summary>The API explorer the start-up banner points newcomers to, opened in a real headless Chromium.</summary>
public sealed class ExplorerTests
{
    [Fact]
    public async Task Scalar_RendersTheInsureApiWithItsResources()
    {
        var port = PostgresServer.FreePort();
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
        }, $"--urls http://127.0.0.1:{port}");
        using (var http = new HttpClient())
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(api.HasExited, api.Output);
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{port}/health/live")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                }
                await Task.Delay(100);
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{port}/scalar/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Insure API", Exact = true }).WaitForAsync(new() { Timeout = 30_000 });
        foreach (var section in new[] { "Submissions", "Policies", "Policyholders", "API keys", "Events" })
        {
            Assert.True(await page.GetByText(section, new() { Exact = true }).First.IsVisibleAsync(), $"{section} is not in the explorer");
        }
        Assert.Contains("OpenAPI 3.1", await page.ContentAsync());
    }
}
