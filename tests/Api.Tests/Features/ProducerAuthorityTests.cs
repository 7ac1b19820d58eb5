using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>
/// The binding gate over HTTP: a submission attributed to a producer must name a producer of the caller's, its quote
/// warns of what the producer lacks, and it binds only while the agent, or its agency, holds an unexpired license and an
/// active appointment for the risk's state and line on the effective date, and neither is suspended or terminated.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProducerAuthorityTests(InsureApplication app)
{
    private const string Effective = "2026-03-01";

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private static Task<HttpResponseMessage> Submit(HttpClient client, object? producerId, string state = "TX") => client.PostAsJsonAsync("/v1/submissions", new
    {
        insuredName = "Harbor Logistics", naicsCode = "541511", annualRevenue = 2_500_000, requestedLimit = 1_000_000,
        effectiveDate = Effective, state, lineOfBusiness = "GL", deductible = 1000, producerId,
    });

    private static async Task<string> Submission(HttpClient client, string producerId, string state = "TX")
    {
        var response = await Submit(client, producerId, state);
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal(producerId, Text(body, "producerId"));
        return Text(body, "id");
    }

    private static async Task<IReadOnlyList<string>> Quote(HttpClient client, string submissionId)
    {
        var response = await client.PostAsync($"/v1/submissions/{submissionId}/quote", null);
        var quote = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, quote.ToString());
        return quote.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
    }

    private static Task<HttpResponseMessage> Bind(HttpClient client, string submissionId) =>
        client.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "PIF" });

    private static async Task<JsonElement> Refused(HttpClient client, string submissionId)
    {
        var refused = await (await Bind(client, submissionId)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("producer_authority", Text(refused.GetProperty("details"), "rule"));
        Assert.Equal("producerId", Text(refused.GetProperty("details"), "field"));
        return refused;
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, object body) => client.PatchAsync(path, JsonContent.Create(body));

    [Fact]
    public async Task ASubmissionsProducer_MustBeAProducerOfTheCaller()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var (_, strangerKey) = await app.CreateOrganization();
        using var stranger = app.CreateClient(strangerKey);
        var theirs = Text(await ProducersTests.Created(stranger, "/v1/producers", new { type = "agency", name = "Elsewhere" }), "id");

        async Task Invalid(object producerId, string rule)
        {
            var refused = await (await Submit(client, producerId)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(("producerId", rule), (Text(refused.GetProperty("details"), "field"), Text(refused.GetProperty("details"), "rule")));
        }
        await Invalid("prd_a", "format");
        await Invalid("", "format");
        await Invalid("prd_01JAAAAAAAAAAAAAAAAAAAAAAA", "not_found");
        await Invalid(theirs, "not_found");
        Assert.Equal(0, (await (await client.GetAsync("/v1/submissions")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnAgentsSubmission_BindsOnlyWithALicenseAndAppointment_HeldByTheAgentOrItsAgency()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var agencyId = Text(await ProducersTests.Created(client, "/v1/producers", new { type = "agency", name = "Lone Star Brokers" }), "id");
        var agentId = Text(await ProducersTests.Created(client, "/v1/producers", new { type = "agent", name = "Ana Alvarez", agencyId }), "id");
        var submissionId = await Submission(client, agentId);

        var warnings = await Quote(client, submissionId);
        Assert.Equal(
        [
            $"agent {agentId} holds no TX license (needed for GL on {Effective})",
            $"agent {agentId} has no appointment for GL in TX",
            $"agency {agencyId} holds no TX license (needed for GL on {Effective})",
            $"agency {agencyId} has no appointment for GL in TX",
        ], warnings);
        var stored = (await (await client.GetAsync($"/v1/submissions/{submissionId}")).Json()).GetProperty("quote").GetProperty("warnings");
        Assert.Equal(warnings, stored.EnumerateArray().Select(w => w.GetString()!));

        var refused = await Refused(client, submissionId);
        Assert.Equal(agentId, Text(refused.GetProperty("details"), "producerId"));
        Assert.Equal(string.Join("; ", warnings), Text(refused.GetProperty("details"), "missing"));
        Assert.Contains($"producer {agentId} may not place GL in TX on {Effective}", Text(refused, "message"));
        Assert.All(warnings, w => Assert.Contains(w, Text(refused, "message")));

        // The agency is licensed, and appointed only from after the effective date: not yet cover.
        Assert.Equal(HttpStatusCode.OK, (await Patch(client, $"/v1/producers/{agencyId}", new { licenses = new[] { ProducersTests.License("TX") } })).StatusCode);
        var late = Text(await ProducersTests.Created(client, $"/v1/producers/{agencyId}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-03-02" }), "id");
        Assert.Contains($"agency {agencyId} is appointed for GL in TX only from 2026-03-02 (appointment {late}), after {Effective}",
            Text((await Refused(client, submissionId)).GetProperty("details"), "missing"));
        Assert.Equal(HttpStatusCode.OK, (await Patch(client, $"/v1/producers/{agencyId}/appointments/{late}", new { status = "terminated" })).StatusCode);
        await ProducersTests.Created(client, $"/v1/producers/{agencyId}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = Effective });

        // The agency's cover is the agent's: the quote no longer warns, and the bind goes through.
        Assert.Empty(await Quote(client, submissionId));
        var bound = await Bind(client, submissionId);
        var policy = await bound.Json();
        Assert.True(bound.StatusCode == HttpStatusCode.Created, policy.ToString());
        Assert.Equal(agentId, Text(policy, "producerId"));

        // A risk in another state is not covered by the Texas license and appointment.
        var california = await Submission(client, agentId, "CA");
        Assert.Equal(4, (await Quote(client, california)).Count);
        await Refused(client, california);
    }

    [Fact]
    public async Task ASuspendedAgentOrAgency_MayNotBind_EvenWhenLicensedAndAppointed()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var agencyId = Text(await ProducersTests.Created(client, "/v1/producers", new { type = "agency", name = "Lone Star Brokers" }), "id");
        // The agent holds its own license and appointment; the agency holds none.
        var agentId = Text(await ProducersTests.Created(client, "/v1/producers",
            new { type = "agent", name = "Ana Alvarez", agencyId, licenses = new[] { ProducersTests.License("TX") } }), "id");
        await ProducersTests.Created(client, $"/v1/producers/{agentId}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-01-01" });
        var first = await Submission(client, agentId);
        var second = await Submission(client, agentId);
        Assert.Empty(await Quote(client, first));
        Assert.Empty(await Quote(client, second));

        Assert.Equal(HttpStatusCode.OK, (await Patch(client, $"/v1/producers/{agencyId}", new { status = "suspended" })).StatusCode);
        Assert.Equal([$"agency {agencyId} is suspended"], await Quote(client, first));
        Assert.Equal($"agency {agencyId} is suspended", Text((await Refused(client, first)).GetProperty("details"), "missing"));

        Assert.Equal(HttpStatusCode.OK, (await Patch(client, $"/v1/producers/{agencyId}", new { status = "active" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Patch(client, $"/v1/producers/{agentId}", new { status = "suspended" })).StatusCode);
        Assert.Equal($"agent {agentId} is suspended", Text((await Refused(client, second)).GetProperty("details"), "missing"));

        Assert.Equal(HttpStatusCode.OK, (await Patch(client, $"/v1/producers/{agentId}", new { status = "active" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Bind(client, second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Patch(client, $"/v1/producers/{agencyId}", new { status = "terminated" })).StatusCode);
        Assert.Equal($"agency {agencyId} is terminated", Text((await Refused(client, first)).GetProperty("details"), "missing"));
    }

    [Fact]
    public async Task ASubmissionWithoutAState_CannotHaveItsProducerChecked()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var agencyId = Text(await ProducersTests.Created(client, "/v1/producers",
            new { type = "agency", name = "Jurassic Brokers", licenses = new[] { ProducersTests.License("TX", "2027-12-31", "dinosure") } }), "id");
        await ProducersTests.Created(client, $"/v1/producers/{agencyId}/appointments", new { state = "TX", lineOfBusiness = "dinosure", effectiveDate = "2026-01-01" });
        async Task<string> Dinosaur(string? state)
        {
            var response = await client.PostAsJsonAsync("/v1/submissions", new
            {
                insuredName = "Isla Nublar Park", lineOfBusiness = "dinosure", effectiveDate = Effective, state, producerId = agencyId,
                attributes = new { coverAmount = 50_000, age = 12, species = "Velociraptor" },
            });
            var body = await response.Json();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
            return Text(body, "id");
        }
        var stateless = await Dinosaur(null);
        Assert.Contains("names no state", Assert.Single(await Quote(client, stateless)));
        await Refused(client, stateless);

        var texan = await Dinosaur("TX");
        Assert.Empty(await Quote(client, texan));
        Assert.Equal(HttpStatusCode.Created, (await Bind(client, texan)).StatusCode);
    }
}
