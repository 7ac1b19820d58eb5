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

    private static Task<HttpResponseMessage> Submit(HttpClient client, string? producerId = null) => client.PostAsJsonAsync("/v1/submissions", new
    {
        insuredName = "Harbor Logistics", naicsCode = "541511", annualRevenue = 2_500_000, requestedLimit = 1_000_000,
        effectiveDate = Effective, state = "TX", lineOfBusiness = "GL", deductible = 1000, producerId,
    });

    private static async Task<JsonElement> Submission(HttpClient client, string? producerId = null)
    {
        var response = await Submit(client, producerId);
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
}
