using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>The Api with a long attempt timeout, so a receiver can hang on to a delivery for as long as a test needs.</summary>
public sealed class PatientWebhookApplication() : InsureApplication(new Dictionary<string, string?>
{
    ["Insure:Webhooks:AllowLoopback"] = "true",
    ["Insure:Webhooks:Timeout"] = "00:01:00",
});

public sealed class WebhookIsolationTests(PatientWebhookApplication app) : IClassFixture<PatientWebhookApplication>, IAsyncLifetime
{
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
