using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>Claims end to end over HTTP, on policies bound through the submission -> quote -> bind flow.</summary>
[Collection(ApiCollection.Name)]
public sealed class ClaimsTests(InsureApplication app)
{
    /// <summary>This test's organization: each test owns its tenant, and with it its clock.</summary>
    private HttpClient? _client;

    private DateOnly Today => app.TodayOf(_client!);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd");

    /// <summary>A GL policy (limit 1,000,000, deductible 5,000) bound in a new organization, in force since 60 days ago.</summary>
    private async Task<(HttpClient Client, string PolicyId)> BoundPolicy(int deductible = 5_000)
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        _client = client;
        var id = (await (await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Claims Café",
            naicsCode = "541511",
            annualRevenue = 3_650_000,
            requestedLimit = 1_000_000,
            deductible,
            effectiveDate = Day(Today.AddDays(-60)),
            state = "TX",
            lineOfBusiness = "GL",
        })).Json()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
        var bound = await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" });
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        return (client, (await bound.Json()).GetProperty("id").GetString()!);
    }

    private object Fnol(string policyId, DateOnly dateOfLoss) => new
    {
        policyId,
        dateOfLoss = Day(dateOfLoss),
        description = "Customer slipped on a wet floor",
        claimant = new { name = "Pat Visitor", email = "pat@example.com" },
        lossLocation = "Main lobby",
        estimatedAmount = 12_000,
        reportedBy = "Store manager",
    };

    private async Task<JsonElement> File(HttpClient client, string policyId, DateOnly? dateOfLoss = null)
    {
        var response = await client.PostAsJsonAsync("/v1/claims", Fnol(policyId, dateOfLoss ?? Today.AddDays(-10)));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    [Fact]
    public async Task Fnol_FilesAnOpenClaim_WithItsNumberAndThePolicyTermsInForce()
    {
        var (client, policyId) = await BoundPolicy();
        var response = await client.PostAsJsonAsync("/v1/claims", Fnol(policyId, Today.AddDays(-10)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var claim = await response.Json();
        var id = claim.GetProperty("id").GetString()!;
        Assert.StartsWith("clm_", id);
        Assert.Equal($"/v1/claims/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal($"CLM-{Today.Year}-000001", claim.GetProperty("claimNumber").GetString());
        Assert.Equal("open", claim.GetProperty("status").GetString());
        Assert.Equal(policyId, claim.GetProperty("policyId").GetString());
        Assert.Equal(1, claim.GetProperty("policyVersion").GetInt32());
        Assert.Equal(1_000_000m, claim.GetProperty("perOccurrenceLimit").GetDecimal());
        Assert.Equal(5_000m, claim.GetProperty("deductible").GetDecimal());
        Assert.Equal("api_key", claim.GetProperty("createdBy").GetProperty("type").GetString());
        Assert.Equal("Pat Visitor", claim.GetProperty("claimant").GetProperty("name").GetString());

        Assert.Equal($"CLM-{Today.Year}-000002", (await File(client, policyId)).GetProperty("claimNumber").GetString());
        var read = await Ok(client.GetAsync($"/v1/claims/{id}"));
        Assert.Equal(claim.GetProperty("claimNumber").GetString(), read.GetProperty("claimNumber").GetString());
    }

    [Fact]
    public async Task Fnol_TakesTheVersionInForceOnTheDateOfLoss()
    {
        var (client, policyId) = await BoundPolicy();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/policies/{policyId}/endorse", new
        {
            effectiveDate = Day(Today.AddDays(-5)),
            changes = new { requestedLimit = 2_000_000, deductible = 10_000 },
            reason = "Higher limit",
        })).StatusCode);
        var before = await File(client, policyId, Today.AddDays(-6));
        Assert.Equal((1, 1_000_000m, 5_000m), (before.GetProperty("policyVersion").GetInt32(),
            before.GetProperty("perOccurrenceLimit").GetDecimal(), before.GetProperty("deductible").GetDecimal()));
        var after = await File(client, policyId, Today.AddDays(-5));
        Assert.Equal((2, 2_000_000m, 10_000m), (after.GetProperty("policyVersion").GetInt32(),
            after.GetProperty("perOccurrenceLimit").GetDecimal(), after.GetProperty("deductible").GetDecimal()));
    }

    [Fact]
    public async Task Fnol_RefusesLossesOutsideCover_AndFutureDates()
    {
        var (client, policyId) = await BoundPolicy();
        var before = await (await client.PostAsJsonAsync("/v1/claims", Fnol(policyId, Today.AddDays(-61))))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("coverage_period", before.GetProperty("details").GetProperty("rule").GetString());

        var future = await (await client.PostAsJsonAsync("/v1/claims", Fnol(policyId, Today.AddDays(1))))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("dateOfLoss", future.GetProperty("details").GetProperty("field").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/policies/{policyId}/cancel", new
        {
            effectiveDate = Day(Today.AddDays(-20)), reason = "sold", method = "pro_rata",
        })).StatusCode);
        var cancelled = await (await client.PostAsJsonAsync("/v1/claims", Fnol(policyId, Today.AddDays(-20))))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("coverage_cancelled", cancelled.GetProperty("details").GetProperty("rule").GetString());
        // A loss before the cancellation took effect is still covered.
        await File(client, policyId, Today.AddDays(-21));
    }

    [Fact]
    public async Task Fnol_ChecksTheShapeOfTheRequest()
    {
        var (client, policyId) = await BoundPolicy();
        var noClaimant = await (await client.PostAsJsonAsync("/v1/claims", new { policyId, dateOfLoss = Day(Today), description = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("claimant", noClaimant.GetProperty("details").GetProperty("field").GetString());
        await (await client.PostAsync("/v1/claims", Http.RawJson($"{{\"policyId\":\"{policyId}\",\"dateOfLoss\":\"soon\"}}")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task AnotherTenantsPolicyAndClaim_AreNotFound()
    {
        var (owner, policyId) = await BoundPolicy();
        var claimId = (await File(owner, policyId)).GetProperty("id").GetString();
        var (_, otherKey) = await app.CreateOrganization("Other Insurance");
        var other = app.CreateClient(otherKey);
        await (await other.PostAsJsonAsync("/v1/claims", Fnol(policyId, app.TodayOf(other).AddDays(-1))))
            .AssertError(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync($"/v1/claims/{claimId}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await other.PostAsJsonAsync($"/v1/claims/{claimId}/deny", new { reason = "x" })).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await owner.GetAsync("/v1/claims/clm_nope")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AClaim_GoesFromFnolThroughReservesAndPartialPaymentsToSettledAndClosed()
    {
        var (client, policyId) = await BoundPolicy();
        var id = (await File(client, policyId)).GetProperty("id").GetString();
        var investigating = await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/investigate", new { adjusterId = "adj_ana", notes = "site visit" }));
        Assert.Equal(("investigating", "adj_ana"), (investigating.GetProperty("status").GetString(), investigating.GetProperty("adjusterId").GetString()));

        await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "indemnity", amount = 20_000, reason = "initial" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "expense", amount = 1_500, reason = "adjuster fees" }));
        var revised = await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "indemnity", amount = 15_000, reason = "revised" }));
        Assert.Equal(16_500m, revised.GetProperty("reserves").GetProperty("total").GetDecimal());
        var history = revised.GetProperty("reserveHistory");
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal((20_000m, 15_000m, "revised"), (history[2].GetProperty("oldAmount").GetDecimal(), history[2].GetProperty("newAmount").GetDecimal(),
            history[2].GetProperty("reason").GetString()));

        // 9,000 settled, less the 5,000 deductible: 4,000 paid, leaving 11,000 reserved.
        var partial = await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/settle", new { amount = 9_000, payee = "Pat Visitor" }));
        Assert.Equal("in_settlement", partial.GetProperty("status").GetString());
        Assert.Equal(4_000m, partial.GetProperty("payments")[0].GetProperty("netAmount").GetDecimal());
        Assert.Equal(11_000m, partial.GetProperty("reserves").GetProperty("indemnity").GetDecimal());
        // The policy shows its claims from the read model: paid net of the deductible, indemnity and expense still reserved.
        await AssertPolicyClaims(client, policyId, count: 1, open: 1, paid: 4_000m, reserved: 12_500m);

        var settled = await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/settle", new { amount = 11_000, payee = "Pat Visitor", notes = "final" }));
        Assert.Equal("settled", settled.GetProperty("status").GetString());
        Assert.Equal(15_000m, settled.GetProperty("totalPaid").GetDecimal());
        Assert.Equal(0m, settled.GetProperty("reserves").GetProperty("indemnity").GetDecimal());

        var closed = await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/close", new { reason = "paid" }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal(0m, closed.GetProperty("reserves").GetProperty("total").GetDecimal());
        var released = closed.GetProperty("reserveHistory").EnumerateArray().Last();
        Assert.Equal(("expense", 1_500m, 0m), (released.GetProperty("category").GetString(), released.GetProperty("oldAmount").GetDecimal(),
            released.GetProperty("newAmount").GetDecimal()));
        Assert.Equal(["investigating", "in_settlement", "settled", "closed"],
            closed.GetProperty("statusHistory").EnumerateArray().Select(t => t.GetProperty("to").GetString()!).ToArray());
        await AssertPolicyClaims(client, policyId, count: 1, open: 0, paid: 15_000m, reserved: 0m);

        var events = await (await client.GetAsync("/v1/events?page_size=100")).Json();
        var types = events.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Where(t => t!.StartsWith("claim.")).ToList();
        Assert.Equal(1, types.Count(t => t == "claim.filed"));
        Assert.Equal(1, types.Count(t => t == "claim.investigating"));
        Assert.Equal(3, types.Count(t => t == "claim.reserved"));
        Assert.Equal(2, types.Count(t => t == "claim.settled"));
        Assert.Equal(1, types.Count(t => t == "claim.closed"));
        var filed = (await (await client.GetAsync("/v1/events?type=claim.filed")).Json()).GetProperty("data")[0].GetProperty("data");
        Assert.Equal("claim", filed.GetProperty("object").GetString());
        Assert.Equal(id, filed.GetProperty("id").GetString());
        Assert.Equal("open", filed.GetProperty("status").GetString());
    }

    /// <summary>The policy's `claims` totals, read alone and in the policy list, are the given ones.</summary>
    private static async Task AssertPolicyClaims(HttpClient client, string policyId, int count, int open, decimal paid, decimal reserved)
    {
        var listed = (await Ok(client.GetAsync("/v1/policies?page_size=100"))).GetProperty("data").EnumerateArray()
            .Single(p => p.GetProperty("id").GetString() == policyId);
        foreach (var policy in new[] { await Ok(client.GetAsync($"/v1/policies/{policyId}")), listed })
        {
            var claims = policy.GetProperty("claims");
            Assert.Equal((count, open, paid, reserved), (claims.GetProperty("count").GetInt32(), claims.GetProperty("open").GetInt32(),
                claims.GetProperty("paid").GetDecimal(), claims.GetProperty("reserved").GetDecimal()));
        }
    }

    [Fact]
    public async Task ThePolicy_TotalsItsClaims_AcrossClaims_AndOnlyItsOwn()
    {
        var (client, policyId) = await BoundPolicy();
        var bound = await Ok(client.GetAsync($"/v1/policies/{policyId}"));
        Assert.Equal(0, bound.GetProperty("claims").GetProperty("count").GetInt32());

        var first = (await File(client, policyId)).GetProperty("id").GetString();
        var second = (await File(client, policyId)).GetProperty("id").GetString();
        await AssertPolicyClaims(client, policyId, count: 2, open: 2, paid: 0m, reserved: 0m);
        await Ok(client.PostAsJsonAsync($"/v1/claims/{first}/investigate", new { adjusterId = "adj_1" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{first}/reserves", new { category = "indemnity", amount = 7_000.25, reason = "initial" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{second}/investigate", new { adjusterId = "adj_2" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{second}/reserves", new { category = "expense", amount = 300, reason = "survey" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{second}/deny", new { reason = "excluded peril" }));
        await AssertPolicyClaims(client, policyId, count: 2, open: 2, paid: 0m, reserved: 7_300.25m);
        await Ok(client.PostAsJsonAsync($"/v1/claims/{second}/close", new { reason = "denied" }));
        await AssertPolicyClaims(client, policyId, count: 2, open: 1, paid: 0m, reserved: 7_000.25m);
        await Ok(client.PostAsJsonAsync($"/v1/claims/{second}/reopen", new { reason = "new evidence" }));
        await AssertPolicyClaims(client, policyId, count: 2, open: 2, paid: 0m, reserved: 7_000.25m);

        // Another policy of the same organization has claims of its own only; an event's policy data carries no totals.
        var renewed = await client.PostAsJsonAsync($"/v1/policies/{policyId}/renew", new { });
        Assert.Equal(HttpStatusCode.Created, renewed.StatusCode);
        var other = (await renewed.Json()).GetProperty("id").GetString()!;
        await AssertPolicyClaims(client, other, count: 0, open: 0, paid: 0m, reserved: 0m);
        await AssertPolicyClaims(client, policyId, count: 2, open: 2, paid: 0m, reserved: 7_000.25m);
        var boundEvent = (await Ok(client.GetAsync("/v1/events?type=policy.bound"))).GetProperty("data")[0].GetProperty("data");
        Assert.False(boundEvent.TryGetProperty("claims", out _));
    }

    [Fact]
    public async Task Settling_BeyondTheLimitNetOfTheDeductible_IsRefusedNamingTheLimit()
    {
        var (client, policyId) = await BoundPolicy();
        var id = (await File(client, policyId)).GetProperty("id").GetString();
        await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/investigate", new { adjusterId = "adj_ana" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "indemnity", amount = 3_000_000, reason = "severe" }));
        var beyond = await (await client.PostAsJsonAsync($"/v1/claims/{id}/settle", new { amount = 1_005_000.01m, payee = "Pat" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("per_occurrence_limit", beyond.GetProperty("details").GetProperty("rule").GetString());
        Assert.Equal("1000000.00", beyond.GetProperty("details").GetProperty("limit").GetString());
        Assert.Contains("limit", beyond.GetProperty("message").GetString());
        var atLimit = await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/settle", new { amount = 1_005_000, payee = "Pat" }));
        Assert.Equal(1_000_000m, atLimit.GetProperty("totalPaid").GetDecimal());
    }

    [Fact]
    public async Task InvalidTransitionsAndBadReserves_AreRefused()
    {
        var (client, policyId) = await BoundPolicy();
        var id = (await File(client, policyId)).GetProperty("id").GetString();
        var settle = await (await client.PostAsJsonAsync($"/v1/claims/{id}/settle", new { amount = 10, payee = "Pat" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal(("open", "in_settlement"), (settle.GetProperty("details").GetProperty("from").GetString(),
            settle.GetProperty("details").GetProperty("to").GetString()));
        var close = await (await client.PostAsJsonAsync($"/v1/claims/{id}/close", new { reason = "x" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal("closed", close.GetProperty("details").GetProperty("to").GetString());

        await (await client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "indemnity", amount = -1, reason = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsync($"/v1/claims/{id}/reserves", Http.RawJson("{\"category\":\"indemnity\",\"amount\":\"lots\",\"reason\":\"x\"}")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "legal", amount = 1, reason = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        var subCent = await (await client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "indemnity", amount = 100.005m, reason = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("scale", subCent.GetProperty("details").GetProperty("rule").GetString());
        var huge = await (await client.PostAsync($"/v1/claims/{id}/settle", Http.RawJson("{\"amount\":79228162514264337593543950335,\"payee\":\"Pat\"}")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("max", huge.GetProperty("details").GetProperty("rule").GetString());

        var denied = await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/deny", new { reason = "excluded peril" }));
        Assert.Equal("denied", denied.GetProperty("status").GetString());
        var reserve = await (await client.PostAsJsonAsync($"/v1/claims/{id}/reserves", new { category = "indemnity", amount = 1, reason = "x" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal("denied", reserve.GetProperty("details").GetProperty("from").GetString());
    }

    [Fact]
    public async Task AClosedClaim_ReopensWithinTheWindow_AndGoesBackIntoInvestigation()
    {
        var (client, policyId) = await BoundPolicy();
        var early = (await File(client, policyId)).GetProperty("id").GetString();
        var late = (await File(client, policyId)).GetProperty("id").GetString();
        foreach (var id in new[] { early, late })
        {
            await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/deny", new { reason = "no cover" }));
            await Ok(client.PostAsJsonAsync($"/v1/claims/{id}/close", new { reason = "denied" }));
        }
        app.ClockOf(client).Advance(TimeSpan.FromDays(365));
        var reopened = await Ok(client.PostAsJsonAsync($"/v1/claims/{early}/reopen", new { reason = "new evidence" }));
        Assert.Equal("reopened", reopened.GetProperty("status").GetString());
        var investigating = await Ok(client.PostAsJsonAsync($"/v1/claims/{early}/investigate", new { adjusterId = "adj_bo" }));
        Assert.Equal("investigating", investigating.GetProperty("status").GetString());

        app.ClockOf(client).Advance(TimeSpan.FromDays(1));
        var refused = await (await client.PostAsJsonAsync($"/v1/claims/{late}/reopen", new { reason = "new evidence" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("reopen_window", refused.GetProperty("details").GetProperty("rule").GetString());
        Assert.Single((await (await client.GetAsync("/v1/events?type=claim.reopened")).Json()).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Lists_FilterByStatusAdjusterPolicyLitigationAndCreationTime()
    {
        var (client, policyId) = await BoundPolicy();
        var first = (await File(client, policyId)).GetProperty("id").GetString()!;
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(5));
        var cutoff = app.ClockOf(client).GetUtcNow();
        app.ClockOf(client).Advance(TimeSpan.FromMinutes(5));
        var second = (await File(client, policyId)).GetProperty("id").GetString()!;
        await Ok(client.PostAsJsonAsync($"/v1/claims/{second}/investigate", new { adjusterId = "adj_cy" }));
        var flagged = await Ok(client.PostAsJsonAsync($"/v1/claims/{second}/litigation", new { litigation = true }));
        Assert.True(flagged.GetProperty("litigation").GetBoolean());

        async Task<string[]> Ids(string query) => (await (await client.GetAsync($"/v1/claims{query}")).Json()).GetProperty("data")
            .EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();

        Assert.Equal([second, first], await Ids(""));
        Assert.Equal([first], await Ids("?status=open"));
        Assert.Equal([second], await Ids("?adjusterId=adj_cy"));
        Assert.Equal([second], await Ids("?litigation=true"));
        Assert.Equal([first], await Ids("?litigation=false"));
        Assert.Equal([second, first], await Ids($"?policyId={policyId}"));
        Assert.Empty(await Ids("?policyId=pol_other"));
        var at = Uri.EscapeDataString(cutoff.ToString("O"));
        Assert.Equal([second], await Ids($"?createdAfter={at}"));
        Assert.Equal([first], await Ids($"?createdBefore={at}"));
        await (await client.GetAsync("/v1/claims?litigation=maybe")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/claims/{second}/litigation", new { })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }
}
