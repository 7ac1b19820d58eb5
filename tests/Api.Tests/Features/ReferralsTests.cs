using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>
/// Referrals over HTTP: opening, listing and reading them; deciding with the `referrals:decide` scope; the bind gate of a
/// `referral_required` submission, its decline on a rejection; endorsements covered by an approved referral; and the
/// decisions posted in the linked deal room.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReferralsTests(InsureApplication app)
{
    private async Task<HttpClient> Organization()
    {
        var (_, key) = await app.CreateOrganization();
        return app.CreateClient(key);
    }

    /// <summary>
    /// A GL submission, quoted unless told otherwise; a limit above the 2M authority makes its triage
    /// `referral_required`. The 1,000 deductible is the one the underwriters' notes speak of.
    /// </summary>
    private Task<string> Submission(HttpClient client, int requestedLimit = 3_000_000, string naicsCode = "541511", bool quote = true) =>
        DealRoomSetup.Submission(client, app.TodayOf(client), requestedLimit, quote, naicsCode, deductible: 1000);

    private static async Task<JsonElement> Refer(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/v1/referrals", body);
        var created = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
        Assert.Equal($"/v1/referrals/{created.GetProperty("id").GetString()}", response.Headers.Location?.ToString());
        return created;
    }

    private static async Task<string> ReferSubmission(HttpClient client, string submissionId, string? dealRoomId = null) =>
        (await Refer(client, new { entityType = "submission", entityId = submissionId, reason = "Limit above authority", dealRoomId }))
            .GetProperty("id").GetString()!;

    private static async Task<JsonElement> Decide(HttpClient client, string referralId, string decision, string? notes = null)
    {
        var response = await client.PostAsJsonAsync($"/v1/referrals/{referralId}/decision", new { decision, notes });
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static Task<HttpResponseMessage> Bind(HttpClient client, string submissionId) =>
        client.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "PIF" });

    private static async Task<int> Total(HttpClient client, string path) => (await (await client.GetAsync(path)).Json()).GetProperty("total").GetInt32();

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    [Fact]
    public async Task AReferral_IsCreated_Read_AndListedByItsFields()
    {
        var client = await Organization();
        var submissionId = await Submission(client);
        var roomId = Text(await DealRoomSetup.Room(client, submissionId), "id");

        var referral = await Refer(client, new { entityType = "submission", entityId = submissionId, reason = "Limit above authority", dealRoomId = roomId, assignedTo = "uw_1" });
        var id = Text(referral, "id");
        Assert.StartsWith("ref_", id);
        Assert.Equal(("referral", "submission", submissionId, "open"), (Text(referral, "object"), Text(referral, "entityType"), Text(referral, "entityId"), Text(referral, "status")));
        Assert.Equal(("Limit above authority", roomId, "uw_1"), (Text(referral, "reason"), Text(referral, "dealRoomId"), Text(referral, "assignedTo")));
        Assert.False(referral.GetProperty("infoRequested").GetBoolean());
        Assert.Equal(0, referral.GetProperty("decisions").GetArrayLength());
        Assert.Equal("api_key", Text(referral.GetProperty("createdBy"), "type"));
        Assert.Equal(Text(referral, "createdAt"), Text(referral, "updatedAt"));
        var other = await ReferSubmission(client, submissionId);

        var fetched = await (await client.GetAsync($"/v1/referrals/{id}")).Json();
        Assert.Equal(referral.ToString(), fetched.ToString());
        var listed = await (await client.GetAsync("/v1/referrals")).Json();
        Assert.Equal([other, id], listed.GetProperty("data").EnumerateArray().Select(r => Text(r, "id")));
        Assert.Equal(2, await Total(client, $"/v1/referrals?entityId={submissionId}&entityType=submission&status=open"));
        Assert.Equal(1, await Total(client, "/v1/referrals?assignedTo=uw_1"));
        Assert.Equal(0, await Total(client, "/v1/referrals?entityType=policy"));
        Assert.Equal(0, await Total(client, "/v1/referrals?status=approved"));
        await (await client.GetAsync("/v1/referrals?status=pending")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync("/v1/referrals?entityType=invoice")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync("/v1/referrals?page_size=101")).AssertError(HttpStatusCode.BadRequest, "validation_failed");

        await (await client.GetAsync("/v1/referrals/ref_nothing")).AssertError(HttpStatusCode.NotFound, "not_found");
        var stranger = await Organization();
        await (await stranger.GetAsync($"/v1/referrals/{id}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PostAsJsonAsync($"/v1/referrals/{id}/decision", new { decision = "approve" })).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, await Total(stranger, "/v1/referrals"));

        var created = (await (await client.GetAsync("/v1/events?type=referral.created")).Json()).GetProperty("data");
        Assert.Equal(2, created.GetArrayLength());
        Assert.Equal(("referral", id), (Text(created[1].GetProperty("data"), "object"), Text(created[1].GetProperty("data"), "id")));
    }

    [Fact]
    public async Task OpeningAReferral_RefusesBadInput_NamingTheField_AndWritesNothing()
    {
        var client = await Organization();
        var submissionId = await Submission(client);
        var stranger = await Organization();
        var theirs = await Submission(stranger);

        async Task Refused(object body, string field, HttpStatusCode status = HttpStatusCode.BadRequest, string code = "validation_failed")
        {
            var refused = await (await client.PostAsJsonAsync("/v1/referrals", body)).AssertError(status, code);
            Assert.Equal(field, Text(refused.GetProperty("details"), "field"));
        }
        await Refused(new { entityId = submissionId, reason = "r" }, "entityType");
        await Refused(new { entityType = "invoice", entityId = submissionId, reason = "r" }, "entityType");
        await Refused(new { entityType = "submission", reason = "r" }, "entityId");
        await Refused(new { entityType = "policy", entityId = submissionId, reason = "r" }, "entityId");
        await Refused(new { entityType = "submission", entityId = theirs, reason = "r" }, "entityId");
        await Refused(new { entityType = "claim", entityId = "clm_01JAAAAAAAAAAAAAAAAAAAAAAA", reason = "r" }, "entityId");
        await Refused(new { entityType = "submission", entityId = submissionId }, "reason");
        await Refused(new { entityType = "submission", entityId = submissionId, reason = new string('r', 1001) }, "reason");
        await Refused(new { entityType = "submission", entityId = submissionId, reason = "r", assignedTo = new string('u', 101) }, "assignedTo");
        await Refused(new { entityType = "submission", entityId = submissionId, reason = "r", dealRoomId = "dr_01JAAAAAAAAAAAAAAAAAAAAAAA" }, "dealRoomId");
        await Refused(new { entityType = "submission", entityId = submissionId, reason = "r", dealRoomId = "lobby" }, "dealRoomId");
        await (await client.PostAsync("/v1/referrals", Http.RawJson("""{"entityType":"submission","entityId":"x","reason":"r","urgent":true}""")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsync("/v1/referrals", Http.RawJson("""{"entityType":"submission",""")))
            .AssertError(HttpStatusCode.BadRequest, "bad_request");

        // A bound submission is past underwriting: its policy is what to refer.
        var ready = await Submission(client, requestedLimit: 1_000_000);
        Assert.Equal(HttpStatusCode.Created, (await Bind(client, ready)).StatusCode);
        await Refused(new { entityType = "submission", entityId = ready, reason = "r" }, "entityId", HttpStatusCode.UnprocessableEntity, "business_rule_violation");

        Assert.Equal(0, await Total(client, "/v1/referrals"));
        Assert.Equal(0, await Total(client, "/v1/events?type=referral.created"));
    }

    [Fact]
    public async Task Deciding_TakesTheDecideScope_WhichWriteDoesNotInclude()
    {
        var admin = await Organization();
        var submissionId = await Submission(admin);
        async Task<(string Id, HttpClient Client)> Key(params string[] scopes)
        {
            var response = await admin.PostAsJsonAsync("/v1/api-keys", new { name = string.Join(" ", scopes), scopes });
            var created = await response.Json();
            Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
            Assert.Equal(scopes, created.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
            return (Text(created, "id"), app.CreateClient(Text(created, "key")));
        }
        var (_, broker) = await Key("referrals:write");
        var (underwriterId, underwriter) = await Key("referrals:decide");
        Assert.Equal(["referrals:decide"], (await (await admin.GetAsync($"/v1/api-keys/{underwriterId}")).Json()).GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        var id = await ReferSubmission(broker, submissionId);
        Assert.Equal(1, await Total(broker, "/v1/referrals"));
        var forbidden = await (await broker.PostAsJsonAsync($"/v1/referrals/{id}/decision", new { decision = "approve" })).AssertError(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("referrals:decide", Text(forbidden, "message"));
        // Nor can a key that only writes referrals make itself a key that decides them.
        await (await broker.PostAsJsonAsync("/v1/api-keys", new { name = "escalate", scopes = new[] { "referrals:decide" } }))
            .AssertError(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PostAsJsonAsync("/v1/api-keys", new { name = "typo", scopes = new[] { "referrals:approve" } }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");

        var decided = await Decide(underwriter, id, "approve", "Fine at 3M with the 1,000 deductible");
        Assert.Equal("approved", Text(decided, "status"));
        var decision = Assert.Single(decided.GetProperty("decisions").EnumerateArray());
        Assert.Equal(("approve", "Fine at 3M with the 1,000 deductible"), (Text(decision, "decision"), Text(decision, "notes")));
        Assert.Equal(underwriterId, Text(decision.GetProperty("decidedBy"), "id"));
        // Deciding does not include reading.
        await (await underwriter.GetAsync($"/v1/referrals/{id}")).AssertError(HttpStatusCode.Forbidden, "forbidden");

        var again = await (await underwriter.PostAsJsonAsync($"/v1/referrals/{id}/decision", new { decision = "reject" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal(("approved", "rejected"), (Text(again.GetProperty("details"), "from"), Text(again.GetProperty("details"), "to")));
        Assert.Equal("approved", Text(await (await broker.GetAsync($"/v1/referrals/{id}")).Json(), "status"));
        Assert.Equal(1, await Total(admin, "/v1/events?type=referral.approved"));
    }

    [Fact]
    public async Task RequestInfo_KeepsTheReferralOpen_AndBadDecisionsAre400()
    {
        var client = await Organization();
        var id = await ReferSubmission(client, await Submission(client));

        foreach (var body in new object[] { new { decision = "maybe" }, new { notes = "x" }, new { decision = "request_info" }, new { decision = "approve", notes = new string('n', 2001) } })
        {
            await (await client.PostAsJsonAsync($"/v1/referrals/{id}/decision", body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        }
        await (await client.PostAsync($"/v1/referrals/{id}/decision", Http.RawJson("""{"decision":"approve","score":5}""")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync("/v1/referrals/ref_01JAAAAAAAAAAAAAAAAAAAAAAA/decision", new { decision = "approve" }))
            .AssertError(HttpStatusCode.NotFound, "not_found");

        var asked = await Decide(client, id, "request_info", "Five years of loss runs, please");
        Assert.Equal("open", Text(asked, "status"));
        Assert.True(asked.GetProperty("infoRequested").GetBoolean());
        Assert.Equal(1, await Total(client, "/v1/referrals?status=open"));
        var logged = (await (await client.GetAsync("/v1/events?type=referral.info_requested")).Json()).GetProperty("data");
        Assert.True(Assert.Single(logged.EnumerateArray()).GetProperty("data").GetProperty("infoRequested").GetBoolean());

        var rejected = await Decide(client, id, "reject", "Loss history outside appetite");
        Assert.Equal("rejected", Text(rejected, "status"));
        Assert.False(rejected.GetProperty("infoRequested").GetBoolean());
        Assert.Equal(["request_info", "reject"], rejected.GetProperty("decisions").EnumerateArray().Select(d => Text(d, "decision")));
        Assert.Equal(1, await Total(client, "/v1/referrals?status=rejected"));
    }

    [Fact]
    public async Task ABindThatNeedsAReferral_IsRefused_UntilOneIsApproved_ThenBinds()
    {
        var client = await Organization();
        var submissionId = await Submission(client);

        var none = await (await Bind(client, submissionId)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal(("referral_required", "referral_required"), (Text(none.GetProperty("details"), "verdict"), Text(none.GetProperty("details"), "rule")));
        Assert.Contains("POST /v1/referrals", Text(none, "message"));

        var referralId = await ReferSubmission(client, submissionId);
        var open = await (await Bind(client, submissionId)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal(referralId, Text(open.GetProperty("details"), "referralId"));
        Assert.Contains(referralId, Text(open, "message"));
        await Decide(client, referralId, "request_info", "Contract that needs the 3M?");
        Assert.Equal(referralId, Text((await (await Bind(client, submissionId)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation"))
            .GetProperty("details"), "referralId"));

        await Decide(client, referralId, "approve", "Approved at 3M");
        var bound = await Bind(client, submissionId);
        var policy = await bound.Json();
        Assert.True(bound.StatusCode == HttpStatusCode.Created, policy.ToString());
        Assert.StartsWith("pol_", Text(policy, "id"));
        Assert.Equal("3000000", Text(policy.GetProperty("terms"), "requestedLimit"));
        Assert.Equal("bound", Text(await (await client.GetAsync($"/v1/submissions/{submissionId}")).Json(), "status"));
        var approved = Assert.Single((await (await client.GetAsync("/v1/events?type=referral.approved")).Json()).GetProperty("data").EnumerateArray());
        Assert.Equal(("approved", referralId), (Text(approved.GetProperty("data"), "status"), Text(approved.GetProperty("data"), "id")));
    }

    [Fact]
    public async Task ARejectedReferral_DeclinesTheSubmission_WhichCanThenNeitherBindNorQuote()
    {
        var client = await Organization();
        var submissionId = await Submission(client);
        var referralId = await ReferSubmission(client, submissionId);
        await Decide(client, referralId, "reject", "Outside appetite");

        var submission = await (await client.GetAsync($"/v1/submissions/{submissionId}")).Json();
        Assert.Equal("declined", Text(submission, "status"));
        Assert.Equal(1, await Total(client, "/v1/submissions?status=declined"));
        var bind = await (await Bind(client, submissionId)).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal(("declined", "bound"), (Text(bind.GetProperty("details"), "from"), Text(bind.GetProperty("details"), "to")));
        Assert.Contains(referralId, Text(bind, "message"));
        await (await client.PostAsync($"/v1/submissions/{submissionId}/quote", null)).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        await (await client.PostAsJsonAsync("/v1/referrals", new { entityType = "submission", entityId = submissionId, reason = "try again" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");

        var declined = Assert.Single((await (await client.GetAsync("/v1/events?type=submission.declined")).Json()).GetProperty("data").EnumerateArray());
        Assert.Equal(("submission", submissionId, "declined"), (Text(declined.GetProperty("data"), "object"), Text(declined.GetProperty("data"), "id"), Text(declined.GetProperty("data"), "status")));
    }

    [Fact]
    public async Task ADeclinedRisk_CannotBind_EvenWithAnApprovedReferral()
    {
        var client = await Organization();
        // Roofing is declined outright: it is not even quoted, and an approval does not change that.
        var submissionId = await Submission(client, requestedLimit: 1_000_000, naicsCode: "238160", quote: false);
        await Decide(client, await ReferSubmission(client, submissionId), "approve");
        await (await client.PostAsync($"/v1/submissions/{submissionId}/quote", null)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        await (await Bind(client, submissionId)).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
    }

    [Fact]
    public async Task AnEndorsementThatNeedsUnderwriting_GoesThroughWithAnApprovedReferralOnThePolicy_Once()
    {
        var client = await Organization();
        var submissionId = await Submission(client, requestedLimit: 1_000_000);
        var policy = await (await Bind(client, submissionId)).Json();
        var policyId = Text(policy, "id");
        var on = Text(policy, "effectiveDate");
        Task<HttpResponseMessage> Endorse(object changes, string? referralId = null) =>
            client.PostAsJsonAsync($"/v1/policies/{policyId}/endorse", new { effectiveDate = on, changes, reason = "Contract needs 3M", referralId });
        var higher = new { requestedLimit = 3_000_000 };

        var needed = await (await Endorse(higher)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("referral_required", Text(needed.GetProperty("details"), "verdict"));
        Assert.Contains("POST /v1/referrals", Text(needed, "message"));
        Assert.Contains("referralId", Text(needed, "message"));
        await (await Endorse(higher, "not-a-referral")).AssertError(HttpStatusCode.BadRequest, "validation_failed");

        var referralId = Text(await Refer(client, new { entityType = "policy", entityId = policyId, reason = "Limit to 3M mid-term" }), "id");
        var open = await (await Endorse(higher, referralId)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal(("referral_open", referralId), (Text(open.GetProperty("details"), "rule"), Text(open.GetProperty("details"), "referralId")));

        await Decide(client, referralId, "approve", "OK mid-term");
        var endorsed = await Endorse(higher, referralId);
        var endorsement = await endorsed.Json();
        Assert.True(endorsed.StatusCode == HttpStatusCode.OK, endorsement.ToString());
        Assert.Equal((2, referralId), (endorsement.GetProperty("version").GetInt32(), Text(endorsement, "referralId")));
        Assert.Equal("3000000", Text(endorsement.GetProperty("policy").GetProperty("terms"), "requestedLimit"));

        var used = await (await Endorse(higher, referralId)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("referral_used", Text(used.GetProperty("details"), "rule"));
        Assert.Contains("version 2", Text(used, "message"));

        // A declined class is refused whatever referral comes with it.
        var another = Text(await Refer(client, new { entityType = "policy", entityId = policyId, reason = "Roofing now" }), "id");
        await Decide(client, another, "approve");
        var declined = await (await Endorse(new { naicsCode = "238160" }, another)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("declined", Text(declined.GetProperty("details"), "verdict"));
        Assert.Equal(2, (await (await client.GetAsync($"/v1/policies/{policyId}")).Json()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Decisions_ArePostedInTheLinkedDealRoom_AsSystemMessages()
    {
        var client = await Organization();
        var submissionId = await Submission(client);
        var roomId = Text(await DealRoomSetup.Room(client, submissionId), "id");
        var said = await (await client.PostAsJsonAsync($"/v1/deal-rooms/{roomId}/messages", new { authorId = "brk_1", body = "Can you do 3M?" })).Json();
        Assert.Equal("participant", Text(said, "kind"));

        var referralId = await ReferSubmission(client, submissionId, roomId);
        await Decide(client, referralId, "request_info", "Which contract needs 3M?");
        var approved = await Decide(client, referralId, "approve", "Approved at 3M");
        var approverId = Text(approved.GetProperty("decisions")[1].GetProperty("decidedBy"), "id");

        var messages = (await (await client.GetAsync($"/v1/deal-rooms/{roomId}/messages")).Json()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["system", "system", "participant"], messages.Select(m => Text(m, "kind")));
        Assert.Equal(["system", "system", "brk_1"], messages.Select(m => Text(m, "authorId")));
        // The room names no API key: nobody was assigned, so no one is named.
        Assert.Equal($"Referral {referralId} on submission {submissionId} approved: Approved at 3M", Text(messages[0], "body"));
        Assert.Equal($"Referral {referralId} on submission {submissionId}: more information requested: Which contract needs 3M?", Text(messages[1], "body"));
        Assert.All(messages, m => Assert.DoesNotContain(approverId, Text(m, "body")));
        Assert.Equal(3, (await (await client.GetAsync($"/v1/deal-rooms/{roomId}")).Json()).GetProperty("messageCount").GetInt32());
        var posted = (await (await client.GetAsync("/v1/events?type=deal_room.message_posted")).Json()).GetProperty("data")[0].GetProperty("data");
        Assert.Equal(("system", "system"), (Text(posted, "kind"), Text(posted, "authorId")));

        // No participant may pass for the platform.
        var reserved = await (await client.PostAsJsonAsync($"/v1/deal-rooms/{roomId}/participants", new { id = "system", name = "Sys", role = "observer" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("participants.id", Text(reserved.GetProperty("details"), "field"));
    }
}
