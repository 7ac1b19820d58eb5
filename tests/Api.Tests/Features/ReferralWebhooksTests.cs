using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>Referral events reach a webhook subscribed to them, rendered as the API shows a referral.</summary>
[Collection(WebhookCollection.Name)]
public sealed class ReferralWebhooksTests(WebhookApplication app) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task AWebhookFilteredOnReferralDecisions_ReceivesThemAndTheDecline_AndNothingElse()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var subscribed = await client.PostAsJsonAsync("/v1/webhooks",
            new { url = _receiver.Url("referrals"), events = new[] { "referral.approved", "referral.rejected", "submission.declined" } });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        var submissionId = await DealRoomSetup.Submission(client, app.TodayOf(client), requestedLimit: 3_000_000);
        var referral = await (await client.PostAsJsonAsync("/v1/referrals",
            new { entityType = "submission", entityId = submissionId, reason = "Limit above authority" })).Json();
        var referralId = referral.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/referrals/{referralId}/decision", new { decision = "reject", notes = "No" })).StatusCode);

        var received = (await _receiver.WaitFor("referrals", 2)).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["referral.rejected", "submission.declined"], received.Select(e => e.GetProperty("type").GetString()).Order());
        var rejected = received.Single(e => e.GetProperty("type").GetString() == "referral.rejected").GetProperty("data");
        Assert.Equal(("referral", referralId, "rejected"),
            (rejected.GetProperty("object").GetString(), rejected.GetProperty("id").GetString(), rejected.GetProperty("status").GetString()));
        Assert.Equal("No", rejected.GetProperty("decisions")[0].GetProperty("notes").GetString());
        Assert.DoesNotContain(_receiver.On("referrals"), r => r.Body.Contains("\"referral.created\"", StringComparison.Ordinal));
    }
}
