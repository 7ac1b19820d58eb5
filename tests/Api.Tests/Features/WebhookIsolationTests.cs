using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Insure.Api.Tests.Features;

/// <summary>
/// The Api with the longest attempt timeout, so a receiver can hang on to a delivery for as long as a test needs, and an
/// event log that cannot be read: whatever is delivered here came through the stream.
/// </summary>
public sealed class StreamOnlyWebhookApplication() : InsureApplication(new Dictionary<string, string?>
{
    ["Insure:Webhooks:AllowLoopback"] = "true",
    ["Insure:Webhooks:Timeout"] = "00:00:20",
})
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IQueryStore>();
        services.AddSingleton<IQueryStore>(new UnreadableLog());
    }

    private sealed class UnreadableLog : DelegatingQueryStore
    {
        public override Task<IReadOnlyList<LoggedEvent>> ReadLog(string tenant, long after, int limit, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the event log cannot be read");
    }
}

public sealed class WebhookIsolationTests(StreamOnlyWebhookApplication app) : IClassFixture<StreamOnlyWebhookApplication>, IAsyncLifetime
{
    [Fact]
    public async Task Events_ArriveThroughTheStream_EvenWithTheLogUnreadable()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var created = await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url("streamed"), events = new[] { "policyholder.*" } });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Streamed Co" });
        Assert.Equal("policyholder.created", System.Text.Json.JsonDocument.Parse((await _receiver.WaitFor("streamed")).Single().Body)
            .RootElement.GetProperty("type").GetString());
    }

    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task AReceiverThatHangs_DelaysNoOtherSubscription()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        foreach (var path in new[] { "hangs", "answers" })
        {
            var created = await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url(path), events = new[] { "policyholder.created" } });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }
        var release = new TaskCompletionSource();
        _receiver.Hold = ("hangs", release);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = $"Co {i}" });
            }
            // Every event reached the answering receiver while the first deliveries to the other are still unanswered.
            var answered = await _receiver.WaitFor("answers", 3);
            Assert.False(release.Task.IsCompleted);
            Assert.Equal(3, answered.Select(r => r.Headers["X-Insure-Event-Id"]).Distinct().Count());
            Assert.NotEmpty(_receiver.On("hangs"));
        }
        finally
        {
            release.SetResult();
        }
        await _receiver.WaitFor("hangs", 3);
    }
}
