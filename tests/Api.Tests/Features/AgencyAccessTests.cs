using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>
/// Using an agency access token over HTTP: what it creates is attributed to the token and its agent, and it sees only
/// its own agency's business.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AgencyAccessTests(InsureApplication app)
{
    private const string Effective = "2026-03-01";

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static Task<HttpResponseMessage> Submit(HttpClient client, string? producerId = null, string effectiveDate = Effective) =>
        client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Harbor Logistics", naicsCode = "541511", annualRevenue = 2_500_000, requestedLimit = 1_000_000,
            effectiveDate, state = "TX", lineOfBusiness = "GL", deductible = 1000, producerId,
        });

    private static async Task<JsonElement> Submission(HttpClient client, string? producerId = null, string effectiveDate = Effective)
    {
        var response = await Submit(client, producerId, effectiveDate);
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    [Fact]
    public async Task WhatATokenCreates_IsAttributedToTheTokenAndItsAgent_AndItsSubmissionsToThatProducer()
    {
        using var org = await Distribution.Start(app);
        var agency = await org.Agency("Main Street Agency", "MS-1");
        var agent = await org.Agent(agency, "Jo Broker", "jo@example.com");
        var colleague = await org.Agent(agency, "Sam Broker", "sam@example.com");
        var elsewhere = await org.Agency("Other Agency", "OT-1");
        var (integrationId, key, _) = await org.Integration([agency, elsewhere], ["submissions:write", "submissions:read"]);
        var reference = await org.TokenReference(integrationId, agency);
        using var agentClient = app.CreateClient(await org.Token(key, new { agentEmail = "jo@example.com" }));
        using var agencyClient = app.CreateClient(await org.Token(key, new { partnerAgencyId = "MS-1" }));

        // An agent's token: the agent is the producer, whether the body leaves it out or names the agent.
        var made = await Submission(agentClient);
        Assert.Equal(agent, Text(made, "producerId"));
        var createdBy = made.GetProperty("createdBy");
        Assert.Equal(("agency_token", reference, agency, agent),
            (Text(createdBy, "type"), Text(createdBy, "id"), Text(createdBy, "ownerId"), Text(createdBy, "agentId")));
        Assert.Equal(agent, Text(await Submission(agentClient, agent), "producerId"));
        // Read back from the grain, not only from the create response.
        var stored = await (await agentClient.GetAsync($"/v1/submissions/{Text(made, "id")}")).Json();
        Assert.Equal(agent, Text(stored.GetProperty("createdBy"), "agentId"));

        // Another producer in the body is refused, not silently replaced.
        foreach (var other in new[] { colleague, agency, elsewhere })
        {
            var refused = await (await Submit(agentClient, other)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(("producerId", "agency_token"), (Text(refused.GetProperty("details"), "field"), Text(refused.GetProperty("details"), "rule")));
        }

        // An agency-level token: the agency, or one of its own agents when named; no agentId in createdBy.
        var byAgency = await Submission(agencyClient);
        Assert.Equal(agency, Text(byAgency, "producerId"));
        Assert.False(byAgency.GetProperty("createdBy").TryGetProperty("agentId", out _));
        Assert.Equal(colleague, Text(await Submission(agencyClient, colleague), "producerId"));
        await (await Submit(agencyClient, elsewhere)).AssertError(HttpStatusCode.BadRequest, "validation_failed");

        // An API key's actor is unchanged: no agentId.
        var byKey = await Submission(org.Owner);
        Assert.False(byKey.GetProperty("createdBy").TryGetProperty("agentId", out _));
        Assert.Equal("api_key", Text(byKey.GetProperty("createdBy"), "type"));
    }

    private static async Task<JsonElement> Ok(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static IReadOnlyList<string> Ids(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(e => Text(e, "id")).ToList();

    /// <summary>A licensed and appointed agency's submission, bound by <paramref name="client"/>; the policy and a claim on it.</summary>
    private async Task<(string Submission, string Policy, string Claim)> Business(HttpClient client, Distribution org, string agency)
    {
        var today = app.TodayOf(org.Owner);
        var effective = today.AddDays(-30).ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PatchAsync($"/v1/producers/{agency}",
            JsonContent.Create(new { licenses = new[] { ProducersTests.License("TX", today.AddYears(1).ToString("yyyy-MM-dd")) } }))).StatusCode);
        await ProducersTests.Created(org.Owner, $"/v1/producers/{agency}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = effective });
        var submission = await Submission(client, null, effective);
        var id = Text(submission, "id");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
        var bound = await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" });
        var policy = await bound.Json();
        Assert.True(bound.StatusCode == HttpStatusCode.Created, policy.ToString());
        var filed = await client.PostAsJsonAsync("/v1/claims", new
        {
            policyId = Text(policy, "id"), dateOfLoss = today.AddDays(-5).ToString("yyyy-MM-dd"), description = "Slip in the lobby",
            claimant = new { name = "Pat Visitor" },
        });
        var claim = await filed.Json();
        Assert.True(filed.StatusCode == HttpStatusCode.Created, claim.ToString());
        return (id, Text(policy, "id"), Text(claim, "id"));
    }

    [Fact]
    public async Task AnAgencyToken_SeesOnlyItsAgencysBusiness_AnotherAgencysIs404_AndAbsentFromLists()
    {
        using var org = await Distribution.Start(app);
        var mine = await org.Agency("Main Street Agency", "MS-1");
        var agent = await org.Agent(mine, "Jo Broker", "jo@example.com");
        var theirs = await org.Agency("Other Agency", "OT-1");
        var (_, key, _) = await org.Integration([mine, theirs],
            ["submissions:write", "submissions:read", "policies:read", "claims:write", "claims:read", "webhooks:read", "producers:read"]);
        using var agencyClient = app.CreateClient(await org.Token(key, new { partnerAgencyId = "MS-1" }));
        using var agentClient = app.CreateClient(await org.Token(key, new { agentEmail = "jo@example.com" }));
        using var otherClient = app.CreateClient(await org.Token(key, new { partnerAgencyId = "OT-1" }));

        var own = await Business(agentClient, org, mine);
        var other = await Business(otherClient, org, theirs);
        // Made with an API key and no producer: no agency's.
        var unattributed = Text(await Submission(org.Owner), "id");

        foreach (var client in new[] { agencyClient, agentClient })
        {
            // Its own agency's business, made by its agent, reads and lists.
            Assert.Equal(agent, Text(await Ok(client, $"/v1/policies/{own.Policy}"), "producerId"));
            await Ok(client, $"/v1/submissions/{own.Submission}");
            await Ok(client, $"/v1/claims/{own.Claim}");
            await Ok(client, $"/v1/policies/{own.Policy}/timeline");
            Assert.Equal([own.Policy], Ids(await Ok(client, "/v1/policies")));
            Assert.Equal([own.Claim], Ids(await Ok(client, "/v1/claims")));
            Assert.Equal([own.Submission], Ids(await Ok(client, "/v1/submissions")));
            Assert.Empty(Ids(await Ok(client, $"/v1/policies?producerId={theirs}")));

            // Another agency's of the same organization, or no agency's, is 404 on every route, reads and writes alike.
            foreach (var path in new[]
            {
                $"/v1/policies/{other.Policy}", $"/v1/policies/{other.Policy}/timeline", $"/v1/policies/{other.Policy}/ledger",
                $"/v1/submissions/{other.Submission}", $"/v1/submissions/{unattributed}", $"/v1/claims/{other.Claim}",
                $"/v1/claims/{other.Claim}/attachments",
            })
            {
                await (await client.GetAsync(path)).AssertError(HttpStatusCode.NotFound, "not_found");
            }
            await (await client.PostAsync($"/v1/submissions/{other.Submission}/quote", null)).AssertError(HttpStatusCode.NotFound, "not_found");
            await (await client.PostAsJsonAsync("/v1/claims", new
            {
                policyId = other.Policy, dateOfLoss = app.TodayOf(org.Owner).AddDays(-1).ToString("yyyy-MM-dd"), description = "Not ours",
                claimant = new { name = "Someone" },
            })).AssertError(HttpStatusCode.NotFound, "not_found");

            // Endpoints with no agency meaning are refused even when the integration's scopes would allow them.
            await (await client.GetAsync("/v1/webhooks")).AssertError(HttpStatusCode.Forbidden, "forbidden");
            await (await client.GetAsync("/v1/producers")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        }

        // The other agency sees its own and not this one's; the API key sees all of it.
        await Ok(otherClient, $"/v1/policies/{other.Policy}");
        await (await otherClient.GetAsync($"/v1/policies/{own.Policy}")).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal([other.Policy], Ids(await Ok(otherClient, "/v1/policies")));
        Assert.Equal(2, Ids(await Ok(org.Owner, "/v1/policies")).Count);
        Assert.Equal(3, Ids(await Ok(org.Owner, "/v1/submissions")).Count);
        Assert.Equal(2, Ids(await Ok(org.Owner, "/v1/claims")).Count);
    }

    [Fact]
    public async Task AnAgencyToken_SeesOnlyThePolicyholdersItsAgencyCreated_AndCannotNameAnother()
    {
        using var org = await Distribution.Start(app);
        var mine = await org.Agency("Corner Agency", "CA-1");
        await org.Agent(mine, "Lee Agent", "lee@corner.example");
        var theirs = await org.Agency("Far Agency", "FA-1");
        var (_, key, _) = await org.Integration([mine, theirs], ["policyholders:write", "policyholders:read", "submissions:write", "submissions:read"]);
        using var agencyClient = app.CreateClient(await org.Token(key, new { partnerAgencyId = "CA-1" }));
        using var agentClient = app.CreateClient(await org.Token(key, new { agentEmail = "lee@corner.example" }));
        using var otherClient = app.CreateClient(await org.Token(key, new { partnerAgencyId = "FA-1" }));

        var own = await Holder(agentClient, "Corner Client");
        var other = await Holder(otherClient, "Far Client");
        var insurers = await Holder(org.Owner, "Direct Client");

        foreach (var client in new[] { agencyClient, agentClient })
        {
            await Ok(client, $"/v1/policyholders/{own}");
            Assert.Equal([own], Ids(await Ok(client, "/v1/policyholders")));
            Assert.Equal([own], Ids(await Ok(client, "/v1/policyholders?type=company")));
            foreach (var hidden in new[] { other, insurers })
            {
                await (await client.GetAsync($"/v1/policyholders/{hidden}")).AssertError(HttpStatusCode.NotFound, "not_found");
                await (await client.PatchAsJsonAsync($"/v1/policyholders/{hidden}", new { companyName = "Taken Over" })).AssertError(HttpStatusCode.NotFound, "not_found");
                var named = await (await SubmitFor(client, hidden)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
                Assert.Equal("policyholderId", named.GetProperty("details").GetProperty("field").GetString());
            }
            Assert.Equal(HttpStatusCode.Created, (await SubmitFor(client, own)).StatusCode);
        }

        Assert.Equal([other], Ids(await Ok(otherClient, "/v1/policyholders")));
        Assert.Equal(3, Ids(await Ok(org.Owner, "/v1/policyholders")).Count);
        // An API key names any policyholder of its tenant, an agency's included.
        Assert.Equal(HttpStatusCode.Created, (await SubmitFor(org.Owner, other)).StatusCode);
        Assert.Equal("Far Client", Text(await Ok(org.Owner, $"/v1/policyholders/{other}"), "name"));

        async Task<string> Holder(HttpClient client, string companyName)
        {
            var response = await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName });
            var body = await response.Json();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
            return Text(body, "id");
        }

        Task<HttpResponseMessage> SubmitFor(HttpClient client, string policyholderId) =>
            client.PostAsJsonAsync("/v1/submissions", new
            {
                insuredName = "Harbor Logistics", naicsCode = "541511", annualRevenue = 2_500_000, requestedLimit = 1_000_000,
                effectiveDate = Effective, state = "TX", lineOfBusiness = "GL", deductible = 1000, policyholderId,
            });
    }
}
