using System.Net;
using System.Net.Http.Json;
using Insure.Api.Features.Producers;
using Insure.Api.Tests.Features;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Postgres;

/// <summary>Producers on PostgreSQL: searched and filtered from the query tables, and judged for binding after a restart.</summary>
public sealed class PostgresProducersTests
{
    private sealed class PostgresApplication(string connectionString) : InsureApplication(new Dictionary<string, string?>
    {
        ["Insure:Storage"] = "Postgres",
        ["ConnectionStrings:Insure"] = connectionString,
    });

    [Fact]
    public async Task Producers_AreSearchedAndFiltered_OnPostgres_AndTheirAuthoritySurvivesARestart()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("producers");
        string key, agencyId, agentId, submissionId;
        await using (var first = new PostgresApplication(connectionString))
        {
            (_, key) = await first.CreateOrganization();
            using var client = first.CreateClient(key);
            agencyId = (await ProducersTests.Created(client, "/v1/producers",
                new { type = "agency", name = "Lone Star Brokers", email = "Desk@LoneStar.example", partnerAgencyId = "ls-42", licenses = new[] { ProducersTests.License() } }))
                .GetProperty("id").GetString()!;
            agentId = (await ProducersTests.Created(client, "/v1/producers", new { type = "agent", name = "Ana Alvarez", npn = "9876543", agencyId }))
                .GetProperty("id").GetString()!;
            await ProducersTests.Created(client, "/v1/producers", new { type = "agency", name = "Gulf 100% Cover" });
            await ProducersTests.Created(client, $"/v1/producers/{agencyId}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-01-01" });

            async Task<IEnumerable<string?>> Found(string query) =>
                (await client.GetFromJsonAsync<Page>($"/v1/producers?{query}"))!.Data.Select(p => p.Id);
            Assert.Equal([agentId], await Found("search=a%20alv"));
            Assert.Equal([agencyId], await Found("search=LONESTAR"));
            Assert.Equal([agentId], await Found("search=8765"));
            Assert.Equal([agentId], await Found($"agencyId={agencyId}&search=ana"));
            Assert.Single(await Found("search=100%25"));
            Assert.Empty(await Found("search=1_0"));
            Assert.Equal([agencyId], await Found("type=agency&search=star"));

            var response = await client.PostAsJsonAsync("/v1/submissions", new
            {
                insuredName = "Durable Diner", naicsCode = "722511", annualRevenue = 1_200_000, requestedLimit = 1_000_000,
                effectiveDate = "2026-03-01", state = "TX", lineOfBusiness = "GL", producerId = agentId,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            submissionId = (await response.Json()).GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{submissionId}/quote", null)).StatusCode);
        }

        await using var second = new PostgresApplication(connectionString);
        using var again = second.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await again.PatchAsync($"/v1/producers/{agencyId}", JsonContent.Create(new { status = "suspended" }))).StatusCode);
        var refused = await (await again.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "PIF" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal($"agency {agencyId} is suspended", refused.GetProperty("details").GetProperty("missing").GetString());
        Assert.Equal(HttpStatusCode.OK, (await again.PatchAsync($"/v1/producers/{agencyId}", JsonContent.Create(new { status = "active" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await again.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "PIF" })).StatusCode);
        Assert.Equal(1, (await again.GetFromJsonAsync<Page>("/v1/producers?status=active&search=ana"))!.Total);
    }

    private sealed record Page(List<ProducerResource> Data, int Total);
}
