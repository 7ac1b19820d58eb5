using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>The SSRF guard as an integrator meets it, with the default settings (no loopback, https only).</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookAddressTests(InsureApplication app)
{
    [Theory]
    [InlineData("https://localhost/hook", "address")]
    [InlineData("https://127.0.0.1/hook", "address")]
    [InlineData("https://2130706433/hook", "address")]
    [InlineData("https://0x7f.1/hook", "address")]
    [InlineData("https://0177.0.0.1/hook", "address")]
    [InlineData("https://[::ffff:127.0.0.1]/hook", "address")]
    [InlineData("https://[::1]/hook", "address")]
    [InlineData("https://10.1.2.3/hook", "address")]
    [InlineData("https://172.16.0.9/hook", "address")]
    [InlineData("https://192.168.1.1/hook", "address")]
    [InlineData("https://100.64.0.1/hook", "address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "address")]
    [InlineData("https://[fe80::1]/hook", "address")]
    [InlineData("https://[fd00::1]/hook", "address")]
    [InlineData("https://0.0.0.0/hook", "address")]
    [InlineData("https://224.0.0.1/hook", "address")]
    [InlineData("https://255.255.255.255/hook", "address")]
    [InlineData("http://93.184.216.34/hook", "scheme")]
    [InlineData("ftp://93.184.216.34/hook", "scheme")]
    [InlineData("https://user:secret@93.184.216.34/hook", "credentials")]
    [InlineData("/relative/hook", "format")]
    public async Task AUrlThatReachesInward_IsRefused(string url, string rule)
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var refused = await (await client.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "*" } }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("url", refused.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal(rule, refused.GetProperty("details").GetProperty("rule").GetString());
        Assert.Equal(0, (await (await client.GetAsync("/v1/webhooks")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task APublicAddress_IsAccepted_AndAPatchCannotTurnItInward()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var created = await client.PostAsJsonAsync("/v1/webhooks", new { url = "https://93.184.216.34/hooks/insure", events = new[] { "policy.bound" } });
        var body = await created.Json();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetString();

        await (await client.PatchAsJsonAsync($"/v1/webhooks/{id}", new { url = "https://localhost/steal" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        var kept = await (await client.GetAsync($"/v1/webhooks/{id}")).Json();
        Assert.Equal("https://93.184.216.34/hooks/insure", kept.GetProperty("url").GetString());
    }
}
