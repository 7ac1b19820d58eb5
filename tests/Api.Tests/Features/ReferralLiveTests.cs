using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Insure.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Insure.Api.Tests.Features;

/// <summary>A referral's decision reaches the live clients of its deal room as a `system` message.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReferralLiveTests(InsureApplication app)
{
    [Fact]
    public async Task ADecision_ReachesConnectedClients_AsASystemMessage()
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        // Above the 2M authority: triage asks for the referral decided below.
        var submissionId = await DealRoomSetup.Submission(client, app.TodayOf(client), requestedLimit: 3_000_000);
        var roomId = (await DealRoomSetup.Room(client, submissionId, "Live room", [DealRoomSetup.Broker])).GetProperty("id").GetString()!;
        var link = await DealRoomSetup.Link(client, roomId, "brk_1");

        var inbox = Channel.CreateUnbounded<(string Kind, JsonElement Payload)>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(link, o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        foreach (var kind in new[] { "message", "participantJoined" })
        {
            connection.On<JsonElement>(kind, payload => inbox.Writer.TryWrite((kind, payload)));
        }
        await connection.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Its own arrival tells the client that the room's signals reach it.
        while ((await inbox.Reader.ReadAsync(timeout.Token)).Kind != "participantJoined")
        {
        }

        var referral = await (await client.PostAsJsonAsync("/v1/referrals",
            new { entityType = "submission", entityId = submissionId, reason = "Limit above authority", dealRoomId = roomId })).Json();
        var referralId = referral.GetProperty("id").GetString();
        await client.PostAsJsonAsync($"/v1/referrals/{referralId}/decision", new { decision = "approve", notes = "OK at 3M" });

        var (received, message) = await inbox.Reader.ReadAsync(timeout.Token);
        Assert.Equal("message", received);
        Assert.Equal(("system", "system"), (message.GetProperty("kind").GetString(), message.GetProperty("authorId").GetString()));
        Assert.StartsWith($"Referral {referralId} on submission {submissionId} approved", message.GetProperty("body").GetString());
        Assert.Equal(roomId, message.GetProperty("dealRoomId").GetString());
    }
}
