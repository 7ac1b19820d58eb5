using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>
/// Producers over HTTP: agencies and agents, searching and filtering them, PATCHing profile, status and licenses through
/// the lifecycle, appointments that need a license, the scopes, and what another tenant sees (nothing).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProducersTests(InsureApplication app)
{
    private async Task<HttpClient> Organization()
    {
        var (_, key) = await app.CreateOrganization();
        return app.CreateClient(key);
    }

    internal static object License(string state = "TX", string expiresOn = "2027-12-31", params string[] lines) =>
        new { state, number = $"{state}-100", linesOfBusiness = lines.Length > 0 ? lines : ["GL"], expiresOn };

    internal static async Task<JsonElement> Created(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var created = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToString());
        Assert.Equal($"{path}/{Text(created, "id")}", response.Headers.Location?.ToString());
        return created;
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, object body) =>
        client.PatchAsync(path, JsonContent.Create(body));

    private static async Task<JsonElement> Patched(HttpClient client, string path, object body)
    {
        var response = await Patch(client, path, body);
        var patched = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, patched.ToString());
        return patched;
    }

    private static async Task<int> Total(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("total").GetInt32();
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    [Fact]
    public async Task Producers_AreCreated_Read_AndListedBySearchAndFilters()
    {
        var client = await Organization();
        var agency = await Created(client, "/v1/producers", new
        {
            type = "agency", name = "Lone Star Brokers", email = "Desk@LoneStar.example", npn = "1234567", partnerAgencyId = "ls-42", licenses = new[] { License() },
        });
        var agencyId = Text(agency, "id");
        Assert.StartsWith("prd_", agencyId);
        Assert.Equal(("producer", "agency", "Lone Star Brokers", "Desk@LoneStar.example", "1234567", "ls-42", "active"),
            (Text(agency, "object"), Text(agency, "type"), Text(agency, "name"), Text(agency, "email"), Text(agency, "npn"), Text(agency, "partnerAgencyId"), Text(agency, "status")));
        Assert.Equal(JsonValueKind.Null, agency.GetProperty("agencyId").ValueKind);
        var license = Assert.Single(agency.GetProperty("licenses").EnumerateArray());
        Assert.Equal(("TX", "TX-100", "2027-12-31"), (Text(license, "state"), Text(license, "number"), Text(license, "expiresOn")));
        Assert.Equal(["GL"], license.GetProperty("linesOfBusiness").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(0, agency.GetProperty("appointments").GetArrayLength());
        Assert.Equal("api_key", Text(agency.GetProperty("createdBy"), "type"));

        var ana = Text(await Created(client, "/v1/producers", new { type = "agent", name = "Ana Alvarez", email = "ana@lonestar.example", npn = "9876543", agencyId }), "id");
        var ben = await Created(client, "/v1/producers", new { type = "agent", name = "Ben Brooks", email = "ben@gulf.example", agencyId });
        Assert.Equal((agencyId, "agent"), (Text(ben, "agencyId"), Text(ben, "type")));
        var gulf = Text(await Created(client, "/v1/producers", new { type = "agency", name = "Gulf Coast Agency" }), "id");

        Assert.Equal(agency.ToString(), (await (await client.GetAsync($"/v1/producers/{agencyId}")).Json()).ToString());
        var all = await (await client.GetAsync("/v1/producers")).Json();
        Assert.Equal([gulf, Text(ben, "id"), ana, agencyId], all.GetProperty("data").EnumerateArray().Select(p => Text(p, "id")));

        async Task<IEnumerable<string>> Found(string query) =>
            (await (await client.GetAsync($"/v1/producers?{query}")).Json()).GetProperty("data").EnumerateArray().Select(p => Text(p, "id"));
        Assert.Equal([ana, agencyId], await Found("search=LONE"));
        Assert.Equal([ana], await Found("search=ana"));
        Assert.Equal([ana], await Found("search=65"));
        Assert.Equal([gulf, Text(ben, "id")], await Found("search=%20Gulf%20"));
        Assert.Empty(await Found("search=star%20ana"));
        Assert.Equal([Text(ben, "id"), ana], await Found($"agencyId={agencyId}"));
        Assert.Equal([Text(ben, "id"), ana], await Found("type=agent"));
        Assert.Equal([gulf], await Found("type=agency&search=gulf"));
        Assert.Equal(4, await Total(client, "/v1/producers?status=active&page_size=1"));
        Assert.Equal(0, await Total(client, "/v1/producers?status=suspended"));
        await (await client.GetAsync("/v1/producers?status=pending")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync("/v1/producers?type=broker")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync($"/v1/producers?search={new string('a', 255)}")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync("/v1/producers?search=a%0Ab")).AssertError(HttpStatusCode.BadRequest, "validation_failed");

        var created = (await (await client.GetAsync("/v1/events?type=producer.created")).Json()).GetProperty("data");
        Assert.Equal(4, created.GetArrayLength());
        Assert.Equal(("producer", agencyId, "ls-42"), (Text(created[3].GetProperty("data"), "object"), Text(created[3].GetProperty("data"), "id"), Text(created[3].GetProperty("data"), "partnerAgencyId")));
    }

    [Fact]
    public async Task AnotherTenantsProducer_IsNotFound_AndCannotBeAnAgentsAgency()
    {
        var client = await Organization();
        var agencyId = Text(await Created(client, "/v1/producers", new { type = "agency", name = "Lone Star Brokers", licenses = new[] { License() } }), "id");
        var appointmentId = Text(await Created(client, $"/v1/producers/{agencyId}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-02-01" }), "id");

        var stranger = await Organization();
        await (await stranger.GetAsync($"/v1/producers/{agencyId}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await Patch(stranger, $"/v1/producers/{agencyId}", new { name = "Mine now" })).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"/v1/producers/{agencyId}/appointments")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PostAsJsonAsync($"/v1/producers/{agencyId}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-02-01" }))
            .AssertError(HttpStatusCode.NotFound, "not_found");
        await (await Patch(stranger, $"/v1/producers/{agencyId}/appointments/{appointmentId}", new { status = "terminated" })).AssertError(HttpStatusCode.NotFound, "not_found");
        var refused = await (await stranger.PostAsJsonAsync("/v1/producers", new { type = "agent", name = "Eve", agencyId })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(("agencyId", "not_found"), (Text(refused.GetProperty("details"), "field"), Text(refused.GetProperty("details"), "rule")));
        Assert.Equal(0, await Total(stranger, "/v1/producers"));
        await (await client.GetAsync("/v1/producers/prd_nothing")).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(1, await Total(client, $"/v1/producers/{agencyId}/appointments?status=active"));
    }

    [Fact]
    public async Task CreatingAProducer_RefusesBadInput_NamingTheField_AndWritesNothing()
    {
        var client = await Organization();
        var agencyId = Text(await Created(client, "/v1/producers", new { type = "agency", name = "Lone Star Brokers" }), "id");
        var agentId = Text(await Created(client, "/v1/producers", new { type = "agent", name = "Ana Alvarez", agencyId }), "id");
        var closed = Text(await Created(client, "/v1/producers", new { type = "agency", name = "Closed Agency" }), "id");
        await Patched(client, $"/v1/producers/{closed}", new { status = "terminated" });

        async Task Refused(object body, string field, HttpStatusCode status = HttpStatusCode.BadRequest, string code = "validation_failed")
        {
            var refused = await (await client.PostAsJsonAsync("/v1/producers", body)).AssertError(status, code);
            Assert.Equal(field, Text(refused.GetProperty("details"), "field"));
        }
        await Refused(new { name = "X" }, "type");
        await Refused(new { type = "broker", name = "X" }, "type");
        await Refused(new { type = "agency" }, "name");
        await Refused(new { type = "agency", name = new string('n', 201) }, "name");
        await Refused(new { type = "agency", name = "X", email = "not-an-email" }, "email");
        await Refused(new { type = "agency", name = "X", npn = "12345678901" }, "npn");
        await Refused(new { type = "agency", name = "X", npn = "12-34" }, "npn");
        await Refused(new { type = "agency", name = "X", agencyId }, "agencyId");
        await Refused(new { type = "agent", name = "X" }, "agencyId");
        await Refused(new { type = "agent", name = "X", agencyId = "prd_x" }, "agencyId");
        await Refused(new { type = "agent", name = "X", agencyId = agentId }, "agencyId");
        await Refused(new { type = "agent", name = "X", agencyId, partnerAgencyId = "p-1" }, "partnerAgencyId");
        await Refused(new { type = "agent", name = "X", agencyId = closed }, "agencyId", HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        await Refused(new { type = "agency", name = "X", licenses = new[] { License("Texas") } }, "licenses[0].state");
        await Refused(new { type = "agency", name = "X", licenses = new[] { License("TX", "2027-12-31", "GL", "WC") } }, "licenses[0].linesOfBusiness");
        await Refused(new { type = "agency", name = "X", licenses = new[] { License("TX"), License("tx") } }, "licenses[1].state");
        await Refused(new { type = "agency", name = "X", licenses = new object[] { new { state = "TX", number = "1", linesOfBusiness = new[] { "GL" } } } }, "licenses[0].expiresOn");
        await Refused(new { type = "agency", name = "X", licenses = new object[] { new { state = "TX", linesOfBusiness = new[] { "GL" }, expiresOn = "2027-01-01" } } }, "licenses[0].number");
        await Refused(new { type = "agency", name = "X", licenses = new object[] { new { state = "TX", number = "1", expiresOn = "2027-01-01" } } }, "licenses[0].linesOfBusiness");
        await Refused(new { type = "agency", name = "X", licenses = new object?[] { null } }, "licenses[0]");
        await (await client.PostAsync("/v1/producers", Http.RawJson("""{"type":"agency","name":"X","region":"south"}""")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsync("/v1/producers", Http.RawJson("""{"type":"agency",""")))
            .AssertError(HttpStatusCode.BadRequest, "bad_request");

        Assert.Equal(3, await Total(client, "/v1/producers"));
        Assert.Equal(3, await Total(client, "/v1/events?type=producer.created"));
    }

    [Fact]
    public async Task Patching_ChangesProfileAndLicenses_AndMovesTheStatusThroughTheLifecycle()
    {
        var client = await Organization();
        var agency = await Created(client, "/v1/producers", new { type = "agency", name = "Lone Star Brokers", npn = "1234567", licenses = new[] { License("TX"), License("OK") } });
        var id = Text(agency, "id");
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(5));

        var patched = await Patched(client, $"/v1/producers/{id}", new { name = "Lone Star Group", email = "desk@lonestar.example", licenses = new[] { License("ca", "2028-06-30", "GL", "dinosure") } });
        Assert.Equal(("Lone Star Group", "desk@lonestar.example", "1234567"), (Text(patched, "name"), Text(patched, "email"), Text(patched, "npn")));
        var license = Assert.Single(patched.GetProperty("licenses").EnumerateArray());
        Assert.Equal(("CA", "2028-06-30"), (Text(license, "state"), Text(license, "expiresOn")));
        Assert.Equal(["GL", "dinosure"], license.GetProperty("linesOfBusiness").EnumerateArray().Select(l => l.GetString()));
        Assert.True(patched.GetProperty("updatedAt").GetDateTimeOffset() > patched.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(1, await Total(client, "/v1/producers?search=group"));
        Assert.Equal(0, await Total(client, "/v1/producers?search=brokers"));

        // A PATCH that changes nothing is answered but raises no event.
        Assert.Equal(patched.ToString(), (await Patched(client, $"/v1/producers/{id}", new { name = "Lone Star Group" })).ToString());
        Assert.Equal(1, await Total(client, "/v1/events?type=producer.updated"));

        foreach (var status in new[] { "suspended", "active", "suspended", "terminated" })
        {
            Assert.Equal(status, Text(await Patched(client, $"/v1/producers/{id}", new { status }), "status"));
        }
        Assert.Equal(1, await Total(client, "/v1/producers?status=terminated"));
        var reopened = await (await Patch(client, $"/v1/producers/{id}", new { status = "active" })).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal(("terminated", "active"), (Text(reopened.GetProperty("details"), "from"), Text(reopened.GetProperty("details"), "to")));
        await (await Patch(client, $"/v1/producers/{id}", new { name = "Renamed" })).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("terminated", Text(await Patched(client, $"/v1/producers/{id}", new { status = "terminated" }), "status"));
        var updates = (await (await client.GetAsync("/v1/events?type=producer.updated")).Json()).GetProperty("data");
        Assert.Equal(5, updates.GetArrayLength());
        Assert.Equal(("producer", "terminated"), (Text(updates[0].GetProperty("data"), "object"), Text(updates[0].GetProperty("data"), "status")));

        var agentId = Text(await Created(client, "/v1/producers", new { type = "agent", name = "Ana", agencyId = Text(await Created(client, "/v1/producers", new { type = "agency", name = "Open" }), "id") }), "id");
        async Task Refused(object body, string field)
        {
            var refused = await (await Patch(client, $"/v1/producers/{agentId}", body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(field, Text(refused.GetProperty("details"), "field"));
        }
        await Refused(new { status = "retired" }, "status");
        await Refused(new { partnerAgencyId = "p-1" }, "partnerAgencyId");
        await Refused(new { npn = "x" }, "npn");
        await Refused(new { name = " " }, "name");
        await Refused(new { licenses = new[] { License("ZZ") } }, "licenses[0].state");
        await (await client.PatchAsync($"/v1/producers/{agentId}", Http.RawJson("""{"agencyId":"prd_01JAAAAAAAAAAAAAAAAAAAAAAA"}""")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await Patch(client, "/v1/producers/prd_01JAAAAAAAAAAAAAAAAAAAAAAA", new { name = "Nobody" })).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Appointments_NeedAnUnexpiredLicense_ForTheirStateAndLine()
    {
        var client = await Organization();
        var id = Text(await Created(client, "/v1/producers", new { type = "agency", name = "Lone Star Brokers", licenses = new[] { License("TX", "2026-12-31") } }), "id");
        var path = $"/v1/producers/{id}/appointments";

        async Task<JsonElement> Unlicensed(object body, string missing)
        {
            var refused = await (await client.PostAsJsonAsync(path, body)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
            Assert.Contains(missing, Text(refused, "message"));
            Assert.Equal("license_required", Text(refused.GetProperty("details"), "rule"));
            return refused;
        }
        await Unlicensed(new { state = "CA", lineOfBusiness = "GL", effectiveDate = "2026-03-01" }, "holds no CA license");
        await Unlicensed(new { state = "TX", lineOfBusiness = "dinosure", effectiveDate = "2026-03-01" }, "TX-100, which does not cover dinosure");
        var expired = await Unlicensed(new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2027-01-15" }, "expired on 2026-12-31");
        Assert.Equal(("TX", "GL", "2027-01-15"), (Text(expired.GetProperty("details"), "state"), Text(expired.GetProperty("details"), "lineOfBusiness"), Text(expired.GetProperty("details"), "effectiveDate")));

        async Task Invalid(object body, string field)
        {
            var refused = await (await client.PostAsJsonAsync(path, body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(field, Text(refused.GetProperty("details"), "field"));
        }
        await Invalid(new { lineOfBusiness = "GL", effectiveDate = "2026-03-01" }, "state");
        await Invalid(new { state = "Texas", lineOfBusiness = "GL", effectiveDate = "2026-03-01" }, "state");
        await Invalid(new { state = "TX", lineOfBusiness = "WC", effectiveDate = "2026-03-01" }, "lineOfBusiness");
        await Invalid(new { state = "TX", lineOfBusiness = "GL" }, "effectiveDate");
        await Invalid(new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2028-01-01" }, "effectiveDate");
        Assert.Equal(0, await Total(client, path));

        var appointment = await Created(client, path, new { state = "tx", lineOfBusiness = "gl", effectiveDate = "2026-12-31" });
        var appointmentId = Text(appointment, "id");
        Assert.StartsWith("apt_", appointmentId);
        Assert.Equal(("appointment", id, "TX", "GL", "2026-12-31", "active"), (Text(appointment, "object"), Text(appointment, "producerId"), Text(appointment, "state"),
            Text(appointment, "lineOfBusiness"), Text(appointment, "effectiveDate"), Text(appointment, "status")));
        var duplicate = await (await client.PostAsJsonAsync(path, new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-03-01" })).AssertError(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(appointmentId, Text(duplicate.GetProperty("details"), "appointmentId"));
        Assert.Equal(appointment.ToString(), Assert.Single((await (await client.GetAsync($"/v1/producers/{id}")).Json()).GetProperty("appointments").EnumerateArray()).ToString());

        await Patched(client, $"/v1/producers/{id}", new { licenses = new[] { License("TX", "2026-12-31"), License("CA") } });
        var california = Text(await Created(client, path, new { state = "CA", lineOfBusiness = "GL", effectiveDate = "2026-03-01" }), "id");
        var listed = await (await client.GetAsync(path)).Json();
        Assert.Equal([california, appointmentId], listed.GetProperty("data").EnumerateArray().Select(a => Text(a, "id")));
        Assert.Equal(2, listed.GetProperty("total").GetInt32());

        var terminated = await Patched(client, $"{path}/{appointmentId}", new { status = "terminated" });
        Assert.Equal("terminated", Text(terminated, "status"));
        Assert.Equal("terminated", Text(await Patched(client, $"{path}/{appointmentId}", new { status = "terminated" }), "status"));
        Assert.Equal(1, await Total(client, $"{path}?status=terminated"));
        await (await client.GetAsync($"{path}?status=paused")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await Patch(client, $"{path}/{appointmentId}", new { status = "paused" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await Patch(client, $"{path}/apt_01JAAAAAAAAAAAAAAAAAAAAAAA", new { status = "terminated" })).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await Patch(client, $"{path}/apt_x", new { status = "terminated" })).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("active", Text(await Patched(client, $"{path}/{appointmentId}", new { status = "active" }), "status"));

        Assert.Equal(2, await Total(client, "/v1/events?type=appointment.created"));
        var updated = (await (await client.GetAsync("/v1/events?type=appointment.updated")).Json()).GetProperty("data");
        Assert.Equal(2, updated.GetArrayLength());
        Assert.Equal(("appointment", appointmentId, "terminated"),
            (Text(updated[1].GetProperty("data"), "object"), Text(updated[1].GetProperty("data"), "id"), Text(updated[1].GetProperty("data"), "status")));

        // Termination is final for the producer: its appointments may end, not start again.
        await Patched(client, $"/v1/producers/{id}", new { status = "terminated" });
        await Patched(client, $"{path}/{california}", new { status = "terminated" });
        await (await Patch(client, $"{path}/{california}", new { status = "active" })).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
    }

    [Fact]
    public async Task Producers_TakeTheirOwnScopes()
    {
        var (orgId, _) = await app.CreateOrganization();
        var (_, readKey) = await app.CreateKey(orgId, new { name = "reader", scopes = new[] { "producers:read" } });
        var (_, writeKey) = await app.CreateKey(orgId, new { name = "writer", scopes = new[] { "producers:write" } });
        var (_, otherKey) = await app.CreateKey(orgId, new { name = "submissions", scopes = new[] { "submissions:write" } });
        using var reader = app.CreateClient(readKey);
        using var writer = app.CreateClient(writeKey);
        using var other = app.CreateClient(otherKey);

        var id = Text(await Created(writer, "/v1/producers", new { type = "agency", name = "Lone Star Brokers" }), "id");
        Assert.Equal(1, await Total(reader, "/v1/producers"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/producers/{id}/appointments")).StatusCode);
        await (await reader.PostAsJsonAsync("/v1/producers", new { type = "agency", name = "X" })).AssertError(HttpStatusCode.Forbidden, "forbidden");
        await (await Patch(reader, $"/v1/producers/{id}", new { name = "X" })).AssertError(HttpStatusCode.Forbidden, "forbidden");
        await (await reader.PostAsJsonAsync($"/v1/producers/{id}/appointments", new { state = "TX" })).AssertError(HttpStatusCode.Forbidden, "forbidden");
        await (await other.GetAsync("/v1/producers")).AssertError(HttpStatusCode.Forbidden, "forbidden");
        await (await other.GetAsync($"/v1/producers/{id}")).AssertError(HttpStatusCode.Forbidden, "forbidden");
    }
}
