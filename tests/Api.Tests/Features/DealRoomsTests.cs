using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

/// <summary>Deal rooms over REST: participants, messages by participants only, and the history paged with cursors.</summary>
[Collection(ApiCollection.Name)]
public sealed class DealRoomsTests(InsureApplication app)
{
    private async Task<(string OrgId, HttpClient Client, string SubmissionId)> Submission()
    {
        var (orgId, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        return (orgId, client, await DealRoomSetup.Submission(client, app.TodayOf(client)));
    }

    [Fact]
    public async Task ARoom_OnTheCallersSubmission_ListsItsParticipants_AndIsFoundByThem()
    {
        var (_, client, submissionId) = await Submission();
        var room = await DealRoomSetup.Room(client, submissionId);
        var id = room.GetProperty("id").GetString()!;
        Assert.StartsWith("dr_", id);
        Assert.Equal("deal_room", room.GetProperty("object").GetString());
        Assert.Equal(["broker", "underwriter"], room.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("role").GetString()));
        Assert.All(room.GetProperty("participants").EnumerateArray(), p => Assert.Equal(JsonValueKind.String, p.GetProperty("joinedAt").ValueKind));

        Assert.Equal(id, (await (await client.GetAsync($"/v1/deal-rooms/{id}")).Json()).GetProperty("id").GetString());
        Assert.Equal(1, (await (await client.GetAsync($"/v1/deal-rooms?submissionId={submissionId}")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await client.GetAsync("/v1/deal-rooms?participantId=uw_1")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await client.GetAsync("/v1/deal-rooms?participantId=nobody")).Json()).GetProperty("total").GetInt32());

        var added = await client.PostAsJsonAsync($"/v1/deal-rooms/{id}/participants", new { id = "ins_1", name = "Ian Insured", role = "insured" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await (await client.PostAsJsonAsync($"/v1/deal-rooms/{id}/participants", new { id = "ins_1", name = "Again", role = "insured" }))
            .AssertError(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(1, (await (await client.GetAsync("/v1/deal-rooms?participantId=ins_1")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/deal-rooms/{id}/participants/ins_1")).StatusCode);
        await (await client.DeleteAsync($"/v1/deal-rooms/{id}/participants/ins_1")).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await client.GetAsync("/v1/deal-rooms?participantId=ins_1")).Json()).GetProperty("total").GetInt32());

        var types = (await (await client.GetAsync("/v1/events?type=deal_room.created")).Json()).GetProperty("data")[0];
        Assert.Equal(id, types.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("deal_room", types.GetProperty("data").GetProperty("object").GetString());
    }

    [Fact]
    public async Task ARetryAfterMorePostsThanTheRoomRemembers_GetsTheMessageItsFirstAttemptMade_NotASecondOne()
    {
        var (_, client, submissionId) = await Submission();
        var room = (await DealRoomSetup.Room(client, submissionId)).GetProperty("id").GetString()!;
        Assert.True(ApiKeyFormat.TryParse(client.DefaultRequestHeaders.Authorization!.Parameter, out var tenant, out _));
        var grain = app.Service<IGrainFactory>().GetGrain<IDealRoomGrain>(tenant.KeyFor(room));
        var clock = app.ClockOf(client);
        var before = (await History()).Count;
        // A first attempt stored under its request key whose answer never reached the client (its silo was killed).
        var key = Ids.New("msgreq", clock);
        var first = (await grain.Post(new NewDealRoomMessage("uw_1", "At 4,200 yes.", key))).Value!;
        // While the client waited, more keyed posts than the room remembers, sealed into segments.
        var others = Insure.Grains.DealRooms.DealRoomRules.RecentRequests + 2 * Insure.Grains.DealRooms.DealRoomRules.SegmentSize;
        for (var i = 0; i < others; i++)
        {
            Assert.NotNull((await grain.Post(new NewDealRoomMessage("brk_1", $"Note {i}", Ids.New("msgreq", clock)))).Value);
        }

        var retried = (await grain.Post(new NewDealRoomMessage("uw_1", "At 4,200 yes.", key, RetriesUncertain: true))).Value!;

        Assert.Equal((first.Id, first.SentAt), (retried.Id, retried.SentAt));
        var stored = await History();
        Assert.Equal(before + 1 + others, stored.Count);
        Assert.Single(stored, first.Id);

        async Task<List<string>> History()
        {
            var ids = new List<string>();
            for (var page = await (await client.GetAsync($"/v1/deal-rooms/{room}/messages?page_size=100")).Json(); ;)
            {
                ids.AddRange(page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
                if (!page.GetProperty("hasMore").GetBoolean())
                {
                    return ids;
                }
                page = await (await client.GetAsync($"/v1/deal-rooms/{room}/messages?page_size=100&before={ids[^1]}")).Json();
            }
        }
    }

    [Fact]
    public async Task ARoom_IsRefused_ForAnotherOrganizationsSubmission_OrBadParticipants()
    {
        var (_, client, submissionId) = await Submission();
        var (_, stranger, _) = await Submission();
        var refused = await (await stranger.PostAsJsonAsync("/v1/deal-rooms", new { submissionId, name = "Theirs", participants = DealRoomSetup.TwoParticipants }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("submissionId", refused.GetProperty("details").GetProperty("field").GetString());
        foreach (var participants in new object[]
        {
            Array.Empty<object>(),
            new[] { new { id = "a", name = "A", role = "captain" } },
            new[] { new { id = "a", name = "A", role = "broker" }, new { id = "a", name = "B", role = "observer" } },
        })
        {
            await (await client.PostAsJsonAsync("/v1/deal-rooms", new { submissionId, name = "Bad", participants }))
                .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        }
        Assert.Equal(0, (await (await client.GetAsync("/v1/deal-rooms")).Json()).GetProperty("total").GetInt32());

        var room = await DealRoomSetup.Room(client, submissionId);
        await (await stranger.GetAsync($"/v1/deal-rooms/{room.GetProperty("id").GetString()}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PostAsJsonAsync($"/v1/deal-rooms/{room.GetProperty("id").GetString()}/messages", new { authorId = "brk_1", body = "hi" }))
            .AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OnlyParticipants_Post_AndTheBodyHasALimit()
    {
        var (_, client, submissionId) = await Submission();
        var id = (await DealRoomSetup.Room(client, submissionId)).GetProperty("id").GetString();
        var posted = await client.PostAsJsonAsync($"/v1/deal-rooms/{id}/messages", new { authorId = "brk_1", body = "Can you do 1M xs 25k?" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var message = await posted.Json();
        Assert.StartsWith("msg_", message.GetProperty("id").GetString());
        Assert.Equal(id, message.GetProperty("dealRoomId").GetString());
        Assert.Equal("brk_1", message.GetProperty("authorId").GetString());

        await (await client.PostAsJsonAsync($"/v1/deal-rooms/{id}/messages", new { authorId = "intruder", body = "hello" }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PostAsJsonAsync($"/v1/deal-rooms/{id}/messages", new { authorId = "uw_1", body = new string('x', 4001) }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/deal-rooms/{id}/messages", new { authorId = "uw_1", body = "" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/deal-rooms/{id}/participants/brk_1")).StatusCode);
        await (await client.PostAsJsonAsync($"/v1/deal-rooms/{id}/messages", new { authorId = "brk_1", body = "still here?" }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");

        var logged = (await (await client.GetAsync("/v1/events?type=deal_room.message_posted")).Json()).GetProperty("data");
        var data = Assert.Single(logged.EnumerateArray()).GetProperty("data");
        Assert.Equal(message.GetProperty("id").GetString(), data.GetProperty("id").GetString());
        Assert.Equal("Can you do 1M xs 25k?", data.GetProperty("body").GetString());
        Assert.Equal(1, (await (await client.GetAsync($"/v1/deal-rooms/{id}")).Json()).GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task TheHistory_PagesNewestFirst_BackWithBefore_AndForwardWithAfter_AcrossSealedSegments()
    {
        var (orgId, client, submissionId) = await Submission();
        var id = (await DealRoomSetup.Room(client, submissionId)).GetProperty("id").GetString()!;
        // Bulk history straight into the room (the HTTP rate limit would otherwise pace it): 130 messages, three segments.
        var room = app.Service<IGrainFactory>().GetGrain<IDealRoomGrain>($"{orgId}/sandbox/{id}");
        for (var i = 1; i <= 130; i++)
        {
            Assert.NotNull((await room.Post(new NewDealRoomMessage(i % 2 == 0 ? "brk_1" : "uw_1", $"message {i}"))).Value);
        }

        async Task<JsonElement> Page(string query) => await (await client.GetAsync($"/v1/deal-rooms/{id}/messages?{query}")).Json();
        static List<string> Bodies(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("body").GetString()!).ToList();

        var newest = await Page("page_size=30");
        Assert.Equal(Enumerable.Range(101, 30).Reverse().Select(i => $"message {i}"), Bodies(newest));
        Assert.True(newest.GetProperty("hasMore").GetBoolean());
        Assert.Equal(130, newest.GetProperty("total").GetInt32());

        // Scrolling back to the start with `before`.
        var seen = Bodies(newest);
        var oldest = newest.GetProperty("data")[29].GetProperty("id").GetString();
        while (true)
        {
            var older = await Page($"page_size=30&before={oldest}");
            seen.AddRange(Bodies(older));
            if (!older.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
            oldest = older.GetProperty("data")[older.GetProperty("data").GetArrayLength() - 1].GetProperty("id").GetString();
        }
        Assert.Equal(Enumerable.Range(1, 130).Reverse().Select(i => $"message {i}"), seen);

        // Catching up after a reconnect: everything after message 95, newest of each page first.
        var after95 = await Page("page_size=100&before=" + newest.GetProperty("data")[0].GetProperty("id").GetString());
        var mark = after95.GetProperty("data").EnumerateArray().First(m => m.GetProperty("body").GetString() == "message 95").GetProperty("id").GetString();
        var caughtUp = await Page($"page_size=20&after={mark}");
        Assert.Equal(Enumerable.Range(96, 20).Reverse().Select(i => $"message {i}"), Bodies(caughtUp));
        Assert.True(caughtUp.GetProperty("hasMore").GetBoolean());
        var rest = await Page($"page_size=100&after={caughtUp.GetProperty("data")[0].GetProperty("id").GetString()}");
        Assert.Equal(Enumerable.Range(116, 15).Reverse().Select(i => $"message {i}"), Bodies(rest));
        Assert.False(rest.GetProperty("hasMore").GetBoolean());

        await (await client.GetAsync($"/v1/deal-rooms/{id}/messages?before=msg_nonsense")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync($"/v1/deal-rooms/{id}/messages?before={mark}&after={mark}")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync($"/v1/deal-rooms/{id}/messages?page_size=101")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }
}
