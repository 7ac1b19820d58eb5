using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>Producer and appointment events reach a webhook filtered on them, rendered as the API shows producers and appointments.</summary>
[Collection(WebhookCollection.Name)]
public sealed class ProducerWebhooksTests(WebhookApplication app) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task AWebhookFilteredOnProducerEvents_ReceivesThem_AndNotTheOthers()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var types = (await (await client.GetAsync("/v1/webhooks/event-types?page_size=100")).Json()).GetProperty("data").EnumerateArray()
            .Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Subset(types.ToHashSet(), new HashSet<string?> { "producer.created", "producer.updated", "appointment.created", "appointment.updated" });
        var subscribed = await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url("producers"), events = new[] { "producer.*", "appointment.updated" } });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        var agency = await ProducersTests.Created(client, "/v1/producers", new { type = "agency", name = "Lone Star Brokers", licenses = new[] { ProducersTests.License() } });
        var agencyId = agency.GetProperty("id").GetString();
        var appointment = await ProducersTests.Created(client, $"/v1/producers/{agencyId}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-02-01" });
        var appointmentId = appointment.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/v1/producers/{agencyId}/appointments/{appointmentId}", JsonContent.Create(new { status = "terminated" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync($"/v1/producers/{agencyId}", JsonContent.Create(new { status = "suspended" }))).StatusCode);

        var received = (await _receiver.WaitFor("producers", 3)).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["appointment.updated", "producer.created", "producer.updated"], received.Select(e => e.GetProperty("type").GetString()).Order());
        var ended = received.Single(e => e.GetProperty("type").GetString() == "appointment.updated").GetProperty("data");
        Assert.Equal(("appointment", appointmentId, agencyId, "terminated"), (ended.GetProperty("object").GetString(), ended.GetProperty("id").GetString(),
            ended.GetProperty("producerId").GetString(), ended.GetProperty("status").GetString()));
        var suspended = received.Single(e => e.GetProperty("type").GetString() == "producer.updated").GetProperty("data");
        Assert.Equal(("producer", agencyId, "suspended"), (suspended.GetProperty("object").GetString(), suspended.GetProperty("id").GetString(), suspended.GetProperty("status").GetString()));
        Assert.Equal(appointmentId, suspended.GetProperty("appointments")[0].GetProperty("id").GetString());
        Assert.DoesNotContain(_receiver.On("producers"), r => r.Body.Contains("\"appointment.created\"", StringComparison.Ordinal));
    }
}
