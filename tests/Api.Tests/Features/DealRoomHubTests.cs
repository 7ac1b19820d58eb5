using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Insure.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Insure.Api.Tests.Features;

/// <summary>The deal-room hub with real SignalR clients (the .NET client over the test server).</summary>
[Collection(ApiCollection.Name)]
public sealed class DealRoomHubTests(InsureApplication app)
{
    private sealed record Received(string Kind, JsonElement Payload);

    private async Task<(HttpClient Client, string RoomId)> Room()
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        var submissionId = await DealRoomSetup.Submission(client, app.TodayOf(client));
        var room = await DealRoomSetup.Room(client, submissionId, "Live room");
        return (client, room.GetProperty("id").GetString()!);
    }

    private (HubConnection Connection, Channel<Received> Inbox) Connect(string wsUrl)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(wsUrl, o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var inbox = Channel.CreateUnbounded<Received>();
        foreach (var kind in new[] { "message", "typing", "participantJoined", "participantLeft", "participantRemoved" })
        {
            connection.On<JsonElement>(kind, payload => inbox.Writer.TryWrite(new Received(kind, payload)));
        }
        return (connection, inbox);
    }

    /// <summary>The next signal of <paramref name="kind"/> (from <paramref name="participantId"/>, when given), skipping others.</summary>
    private static async Task<Received> Next(Channel<Received> inbox, string kind, string? participantId = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = await inbox.Reader.ReadAsync(timeout.Token);
            if (received.Kind == kind && (participantId is null || received.Payload.TryGetProperty("participantId", out var who) && who.GetString() == participantId))
            {
                return received;
            }
        }
    }

    [Fact]
    public async Task TwoParticipants_Chat_SeeTyping_AndReceiveWhatIsPostedOverRest()
    {
        var (client, roomId) = await Room();
        var fanout = app.Service<Insure.Api.Features.DealRooms.DealRoomFanout>();
        var listening = fanout.Rooms;
        var (broker, brokerInbox) = Connect(await DealRoomSetup.Link(client, roomId, "brk_1"));
        var (underwriter, underwriterInbox) = Connect(await DealRoomSetup.Link(client, roomId, "uw_1"));
        await using (broker)
        await using (underwriter)
        {
            await broker.StartAsync();
            await Next(brokerInbox, "participantJoined", "brk_1");
            await underwriter.StartAsync();
            // One stream subscription for the room on this node, however many of its clients are connected here (a
            // connection is started before the server's OnConnectedAsync has finished, hence the wait).
            await Until(() => fanout.Rooms == listening + 1, "the node never listened to the room");
            Assert.Equal("Uma Underwriter", (await Next(brokerInbox, "participantJoined", "uw_1")).Payload.GetProperty("name").GetString());

            await broker.InvokeAsync("SendMessage", "Can you do 1M xs 25k?");
            var heard = (await Next(underwriterInbox, "message")).Payload;
            Assert.Equal("brk_1", heard.GetProperty("authorId").GetString());
            Assert.Equal("Can you do 1M xs 25k?", heard.GetProperty("body").GetString());
            Assert.Equal(roomId, heard.GetProperty("dealRoomId").GetString());
            Assert.StartsWith("msg_", heard.GetProperty("id").GetString());

            await underwriter.InvokeAsync("Typing");
            await Next(brokerInbox, "typing", "uw_1");

            await client.PostAsJsonAsync($"/v1/deal-rooms/{roomId}/messages", new { authorId = "uw_1", body = "At 4,200 yes." });
            Assert.Equal("At 4,200 yes.", (await Next(brokerInbox, "message")).Payload.GetProperty("body").GetString());

            var error = await Assert.ThrowsAsync<HubException>(() => broker.InvokeAsync("SendMessage", new string('x', 4001)));
            Assert.Contains("4000", error.Message);

            var history = await (await client.GetAsync($"/v1/deal-rooms/{roomId}/messages")).Json();
            Assert.Equal(2, history.GetProperty("total").GetInt32());

            await underwriter.StopAsync();
            await Next(brokerInbox, "participantLeft", "uw_1");
            Assert.Equal(listening + 1, fanout.Rooms);
            await broker.StopAsync();
        }
        // The last client gone, the node stops listening to the room.
        await Until(() => fanout.Rooms == listening, "the node still listens to the room");
    }

    private static async Task Until(Func<bool> done, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task ALink_ThatIsTampered_Expired_OrForAnotherRoom_IsRefusedAtConnect()
    {
        var (client, roomId) = await Room();
        var (_, otherRoom) = await Room();
        var link = await DealRoomSetup.Link(client, roomId, "brk_1");

        async Task Refused(string url)
        {
            var (connection, _) = Connect(url);
            await using (connection)
            {
                var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
                Assert.Contains("401", error.Message);
            }
        }

        var token = link[(link.IndexOf("access_token=", StringComparison.Ordinal) + "access_token=".Length)..];
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        await Refused(link.Replace(token, tampered, StringComparison.Ordinal));
        await Refused(link.Replace(roomId, otherRoom, StringComparison.Ordinal));
        await Refused(link[..link.IndexOf('?')]);

        // Valid now; after the link's ten minutes, refused.
        var (connection, _) = Connect(link);
        await using (connection)
        {
            await connection.StartAsync();
        }
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await Refused(link);

        await (await client.GetAsync($"/v1/deal-rooms/{roomId}/ws?participantId=stranger")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync($"/v1/deal-rooms/{roomId}/ws")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    private static async Task<List<string>> Post(HttpClient client, string roomId, int count)
    {
        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var posted = await client.PostAsJsonAsync($"/v1/deal-rooms/{roomId}/messages", new { authorId = i % 2 == 0 ? "uw_1" : "brk_1", body = $"Note {i}" });
            ids.Add((await posted.Json()).GetProperty("id").GetString()!);
        }
        return ids;
    }

    private static string[] Ids(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task GetRoom_AndGetMessages_ReadTheRoomWithTheLinkAlone_AsRestDoes()
    {
        var (client, roomId) = await Room();
        var ids = await Post(client, roomId, 5);
        var issuedAt = app.Clock.GetUtcNow();
        var (connection, _) = Connect(await DealRoomSetup.Link(client, roomId, "uw_1"));
        await using (connection)
        {
            await connection.StartAsync();

            var room = await connection.InvokeAsync<JsonElement>("GetRoom");
            Assert.Equal(roomId, room.GetProperty("id").GetString());
            Assert.Equal("Live room", room.GetProperty("name").GetString());
            Assert.Equal("uw_1", room.GetProperty("participantId").GetString());
            Assert.Equal(["Bea Broker", "Uma Underwriter"], room.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            Assert.Equal(["broker", "underwriter"], room.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("role").GetString()));
            var expires = room.GetProperty("linkExpiresAt").GetDateTimeOffset();
            Assert.InRange(expires, issuedAt.AddMinutes(10).AddSeconds(-1), issuedAt.AddMinutes(10).AddSeconds(1));

            // The newest page, as REST answers it; then back with `before` until nothing is left, and forward with `after`.
            var newest = await connection.InvokeAsync<JsonElement>("GetMessages", null, null, 2);
            var rest = await (await client.GetAsync($"/v1/deal-rooms/{roomId}/messages?page_size=2")).Json();
            Assert.Equal(Ids(rest), Ids(newest));
            Assert.Equal([ids[4], ids[3]], Ids(newest));
            Assert.Equal("list", newest.GetProperty("object").GetString());
            Assert.True(newest.GetProperty("hasMore").GetBoolean());
            Assert.Equal(2, newest.GetProperty("pageSize").GetInt32());
            Assert.Equal(5, newest.GetProperty("total").GetInt32());
            var first = newest.GetProperty("data")[0];
            Assert.Equal("Note 5", first.GetProperty("body").GetString());
            Assert.Equal("brk_1", first.GetProperty("authorId").GetString());
            Assert.Equal(roomId, first.GetProperty("dealRoomId").GetString());

            var older = await connection.InvokeAsync<JsonElement>("GetMessages", ids[3], null, 2);
            Assert.Equal([ids[2], ids[1]], Ids(older));
            Assert.True(older.GetProperty("hasMore").GetBoolean());
            var oldest = await connection.InvokeAsync<JsonElement>("GetMessages", ids[1], "", 2);
            Assert.Equal([ids[0]], Ids(oldest));
            Assert.False(oldest.GetProperty("hasMore").GetBoolean());

            var newer = await connection.InvokeAsync<JsonElement>("GetMessages", null, ids[0], 3);
            Assert.Equal([ids[3], ids[2], ids[1]], Ids(newer));
            Assert.True(newer.GetProperty("hasMore").GetBoolean());
            var caughtUp = await connection.InvokeAsync<JsonElement>("GetMessages", "", ids[3], 3);
            Assert.Equal([ids[4]], Ids(caughtUp));
            Assert.False(caughtUp.GetProperty("hasMore").GetBoolean());

            async Task Refused(string? before, string? after, int pageSize, string expected)
            {
                var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("GetMessages", before, after, pageSize));
                Assert.Contains(expected, error.Message);
            }
            await Refused(null, null, 0, "pageSize must be from 1 to 100");
            await Refused(null, null, 101, "pageSize must be from 1 to 100");
            await Refused(ids[3], ids[1], 10, "Give before or after, not both");
            await Refused("msg_not-a-message", null, 10, "before must be the id of a message of this deal room");
            await Refused(null, "msg_01M00000000000000000000000", 10, "after must be the id of a message of this deal room");
        }
    }

    [Fact]
    public async Task RemovingAParticipant_ClosesTheirConnections_AndTheirLinkNoLongerConnects()
    {
        var (client, roomId) = await Room();
        var fanout = app.Service<Insure.Api.Features.DealRooms.DealRoomFanout>();
        var connections = fanout.Connections;
        var underwriterLink = await DealRoomSetup.Link(client, roomId, "uw_1");
        var (broker, brokerInbox) = Connect(await DealRoomSetup.Link(client, roomId, "brk_1"));
        var (underwriter, _) = Connect(underwriterLink);
        var (secondTab, _) = Connect(underwriterLink);
        await using (broker)
        await using (underwriter)
        await using (secondTab)
        {
            var closed = new[] { underwriter, secondTab }.Select(c =>
            {
                var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
                c.Closed += error => { ended.TrySetResult(error); return Task.CompletedTask; };
                return ended.Task;
            }).ToList();
            var brokerClosed = false;
            broker.Closed += _ => { brokerClosed = true; return Task.CompletedTask; };
            await broker.StartAsync();
            await Next(brokerInbox, "participantJoined", "brk_1");
            await underwriter.StartAsync();
            await Next(brokerInbox, "participantJoined", "uw_1");
            await secondTab.StartAsync();
            await Next(brokerInbox, "participantJoined", "uw_1");

            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/deal-rooms/{roomId}/participants/uw_1")).StatusCode);
            // Whatever the removed participant still sends is refused: by the room (not a participant) or because the
            // connection is already gone.
            await Assert.ThrowsAnyAsync<Exception>(() => underwriter.InvokeAsync("SendMessage", "Still here?"));

            Assert.Equal("Uma Underwriter", (await Next(brokerInbox, "participantRemoved", "uw_1")).Payload.GetProperty("name").GetString());
            await Task.WhenAll(closed).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HubConnectionState.Disconnected, underwriter.State);
            Assert.Equal(HubConnectionState.Disconnected, secondTab.State);

            // The others stay: the broker still talks in the room.
            Assert.False(brokerClosed);
            await broker.InvokeAsync("SendMessage", "Just us now");
            Assert.Equal("Just us now", (await Next(brokerInbox, "message")).Payload.GetProperty("body").GetString());
            var history = await (await client.GetAsync($"/v1/deal-rooms/{roomId}/messages")).Json();
            Assert.Equal(["Just us now"], history.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("body").GetString()));

            // The removed participant's link, still within its ten minutes, no longer opens a connection.
            var (again, _) = Connect(underwriterLink);
            await using (again)
            {
                var refused = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
                again.Closed += error => { refused.TrySetResult(error); return Task.CompletedTask; };
                try
                {
                    await again.StartAsync();
                }
                catch (Exception error)
                {
                    refused.TrySetResult(error);
                }
                var reason = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Contains("You are no longer a participant of this deal room", reason?.Message);
            }
            await broker.StopAsync();
        }
        // Every connection, the refused one too, is forgotten once gone.
        await Until(() => fanout.Connections == connections, "the node still holds connections of the room");
    }

    [Fact]
    public async Task TheLink_OpenedInABrowser_IsTheRoomsPage_AndAnInvalidOrExpiredLink_AReadable401()
    {
        var (client, roomId) = await Room();
        var link = await DealRoomSetup.Link(client, roomId, "brk_1");
        // A browser has the link and nothing else: no API key.
        using var browser = app.CreateClient();
        async Task<HttpResponseMessage> Open(string url, string accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            return await browser.SendAsync(request);
        }
        static void PageHeaders(HttpResponseMessage response)
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", policy);
            Assert.Contains("script-src 'self';", policy);
            Assert.Contains("connect-src 'self';", policy);
        }

        var page = await Open(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        PageHeaders(page);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("src=\"/lib/signalr/signalr.min.js\"", html);
        Assert.Contains("src=\"/deal-room/app.js\"", html);
        // Everything the page loads comes from the Api itself, and is served without an API key.
        var assets = Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, assets.Count);
        foreach (var asset in assets)
        {
            Assert.Matches("^/[a-z]", asset);
            var file = await browser.GetAsync(asset);
            Assert.True(file.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)file.StatusCode}");
            Assert.Equal(asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", file.Content.Headers.ContentType?.MediaType);
        }

        // The page's HTML is not a static file: served only at a valid link, with the headers above.
        foreach (var pagePath in new[] { "/deal-room/index.html", "/deal-room/invalid-link.html" })
        {
            Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync(pagePath)).StatusCode);
        }

        // SignalR's own requests at the address are not the page.
        var hubRequest = await Open(link, "*/*");
        Assert.NotEqual("text/html", hubRequest.Content.Headers.ContentType?.MediaType);
        var poll = await Open(link + "&id=not-a-connection");
        Assert.NotEqual("text/html", poll.Content.Headers.ContentType?.MediaType);

        // A tampered link: a readable page for a browser, the contract's error for anything else; both 401.
        var tampered = link[..^3] + (link[^3] == 'A' ? "Bxy" : "Axy");
        var refused = await Open(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        PageHeaders(refused);
        Assert.Contains("This deal-room link is not valid or has expired", await refused.Content.ReadAsStringAsync());
        await (await Open(tampered, "application/json")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");

        // After its ten minutes the link itself says so too.
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var expired = await Open(link);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("This deal-room link is not valid or has expired", await expired.Content.ReadAsStringAsync());
    }
}
