using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class PolicyLifecycleTests(InsureApplication app)
{
    /// <summary>This test's organization: each test owns its tenant, and with it its clock.</summary>
    private HttpClient? _client;

    private DateOnly Today => app.TodayOf(_client!);

    private void Advance(TimeSpan by) => app.ClockOf(_client!).Advance(by);

    /// <summary>A GL policy bound through the API, effective <paramref name="startsInDays"/> from the fake today.</summary>
    private async Task<(HttpClient Client, JsonElement Policy)> BoundPolicy(int startsInDays = 0, string plan = "PIF")
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        _client = client;
        var id = (await (await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Lifecycle Labs",
            naicsCode = "541511",
            annualRevenue = 3_650_000,
            requestedLimit = 1_000_000,
            effectiveDate = Today.AddDays(startsInDays).ToString("yyyy-MM-dd"),
            state = "TX",
            lineOfBusiness = "GL",
        })).Json()).GetProperty("id").GetString();
        await client.PostAsync($"/v1/submissions/{id}/quote", null);
        var policy = await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = plan })).Json();
        return (client, policy);
    }

    private IPolicyGrain Grain(HttpClient client, JsonElement policy)
    {
        Assert.True(ApiKeyFormat.TryParse(client.DefaultRequestHeaders.Authorization!.Parameter, out var tenant, out _));
        return app.Service<IGrainFactory>().GetGrain<IPolicyGrain>(tenant.KeyFor(policy.GetProperty("id").GetString()!));
    }

    private static string Id(JsonElement policy) => policy.GetProperty("id").GetString()!;

    [Fact]
    public async Task Endorse_ReRatesAndChargesTheProRataDifference_AndKeepsVersions()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        var start = DateOnly.Parse(policy.GetProperty("effectiveDate").GetString()!);
        var end = DateOnly.Parse(policy.GetProperty("expirationDate").GetString()!);
        var oldPremium = policy.GetProperty("grossPremium").GetDecimal();
        var endorseOn = start.AddDays(100);

        var response = await client.PostAsJsonAsync($"/v1/policies/{id}/endorse", new
        {
            effectiveDate = endorseOn.ToString("yyyy-MM-dd"),
            changes = new { requestedLimit = 2_000_000 },
            reason = "Customer contract requires $2M",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var endorsement = await response.Json();
        var newPremium = endorsement.GetProperty("annualPremium").GetDecimal();
        Assert.Equal(Math.Round(oldPremium * 1.28m, 2), newPremium);
        var days = end.DayNumber - start.DayNumber;
        var expectedDelta = Math.Round((newPremium - oldPremium) * (end.DayNumber - endorseOn.DayNumber) / days, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(expectedDelta, endorsement.GetProperty("premiumDelta").GetDecimal());
        Assert.Equal(2, endorsement.GetProperty("version").GetInt32());
        Assert.Equal("2000000", endorsement.GetProperty("policy").GetProperty("terms").GetProperty("requestedLimit").GetString());
        var endorsed = endorsement.GetProperty("policy");
        Assert.Equal(oldPremium + expectedDelta, endorsed.GetProperty("writtenPremium").GetDecimal());
        Assert.Equal(policy.GetProperty("taxes").GetDecimal() + endorsement.GetProperty("taxesDelta").GetDecimal(), endorsed.GetProperty("writtenTaxes").GetDecimal());
        Assert.Equal(endorsed.GetProperty("writtenPremium").GetDecimal() + endorsed.GetProperty("writtenTaxes").GetDecimal()
            + endorsed.GetProperty("writtenFees").GetDecimal(), endorsed.GetProperty("totalWritten").GetDecimal());
        Assert.Equal(policy.GetProperty("totalDue").GetDecimal() + endorsement.GetProperty("totalDelta").GetDecimal(), endorsed.GetProperty("totalWritten").GetDecimal());

        var before = await (await client.GetAsync($"/v1/policies/{id}?asOf={endorseOn.AddDays(-1):yyyy-MM-dd}")).Json();
        Assert.Equal("1000000", before.GetProperty("terms").GetProperty("requestedLimit").GetString());
        Assert.Equal(1, before.GetProperty("version").GetInt32());
        var after = await (await client.GetAsync($"/v1/policies/{id}?asOf={endorseOn:yyyy-MM-dd}")).Json();
        Assert.Equal(2, after.GetProperty("version").GetInt32());

        var timeline = await (await client.GetAsync($"/v1/policies/{id}/timeline")).Json();
        var endorse = timeline.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("type").GetString() == "endorse");
        Assert.Equal(expectedDelta, endorse.GetProperty("premiumEffect").GetDecimal());
        Assert.Equal("Customer contract requires $2M", endorse.GetProperty("reason").GetString());
        Assert.Equal("api_key", endorse.GetProperty("by").GetProperty("type").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/events?type=policy.endorsed")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Endorse_RejectsBadChangesAndDates()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        var unknown = await (await client.PostAsJsonAsync($"/v1/policies/{id}/endorse", new
        {
            effectiveDate = Today.ToString("yyyy-MM-dd"), changes = new { colour = "red" }, reason = "x",
        })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("changes.colour", unknown.GetProperty("details").GetProperty("field").GetString());
        var outsidePlan = await (await client.PostAsJsonAsync($"/v1/policies/{id}/endorse", new
        {
            effectiveDate = Today.ToString("yyyy-MM-dd"), changes = new { requestedLimit = 1_500_000 }, reason = "x",
        })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("changes.requestedLimit", outsidePlan.GetProperty("details").GetProperty("field").GetString());
        await (await client.PostAsJsonAsync($"/v1/policies/{id}/endorse", new
        {
            effectiveDate = Today.AddYears(2).ToString("yyyy-MM-dd"), changes = new { requestedLimit = 2_000_000 }, reason = "x",
        })).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        await (await client.PostAsJsonAsync($"/v1/policies/{id}/endorse", new { effectiveDate = Today.ToString("yyyy-MM-dd"), reason = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Cancel_RefusesLateFlatCancellations_AndLongBackdating()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        Advance(TimeSpan.FromDays(40));
        var flat = await (await client.PostAsJsonAsync($"/v1/policies/{id}/cancel", new
        {
            effectiveDate = Today.ToString("yyyy-MM-dd"), reason = "x", method = "flat",
        })).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("method", flat.GetProperty("details").GetProperty("field").GetString());
        var backdated = await (await client.PostAsJsonAsync($"/v1/policies/{id}/cancel", new
        {
            effectiveDate = Today.AddDays(-31).ToString("yyyy-MM-dd"), reason = "x", method = "pro_rata",
        })).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("effectiveDate", backdated.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/policies/{id}/cancel", new
        {
            effectiveDate = Today.AddDays(-30).ToString("yyyy-MM-dd"), reason = "x", method = "pro_rata",
        })).StatusCode);
    }

    [Fact]
    public async Task EndorsingTheState_ReTaxesTheRestOfTheTerm()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        var oldTaxes = policy.GetProperty("taxes").GetDecimal();
        var endorsement = await (await client.PostAsJsonAsync($"/v1/policies/{id}/endorse", new
        {
            effectiveDate = Today.ToString("yyyy-MM-dd"), changes = new { state = "PA" }, reason = "moved to Pittsburgh",
        })).Json();
        var newTaxes = endorsement.GetProperty("policy").GetProperty("taxes").GetDecimal();
        // Same day as inception: the whole difference in taxes (and in Texas' stamping fee) applies.
        Assert.Equal(newTaxes - oldTaxes, endorsement.GetProperty("taxesDelta").GetDecimal());
        Assert.True(endorsement.GetProperty("feesDelta").GetDecimal() < 0);
        Assert.Equal(endorsement.GetProperty("premiumDelta").GetDecimal() + endorsement.GetProperty("taxesDelta").GetDecimal()
            + endorsement.GetProperty("feesDelta").GetDecimal(), endorsement.GetProperty("totalDelta").GetDecimal());
    }

    [Fact]
    public async Task EndorsementAboveUnderwritingAuthority_IsRefused()
    {
        var (client, policy) = await BoundPolicy();
        var refused = await (await client.PostAsJsonAsync($"/v1/policies/{Id(policy)}/endorse", new
        {
            effectiveDate = Today.ToString("yyyy-MM-dd"), changes = new { requestedLimit = 5_000_000 }, reason = "bigger client",
        })).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("referral_required", refused.GetProperty("details").GetProperty("verdict").GetString());
        Assert.Equal(1, (await (await client.GetAsync($"/v1/policies/{Id(policy)}")).Json()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task StaleIfMatch_Returns409_CurrentETagSucceeds()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        var get = await client.GetAsync($"/v1/policies/{id}");
        var etag = get.Headers.ETag!.Tag;

        var body = new { effectiveDate = Today.ToString("yyyy-MM-dd"), changes = new { deductible = 2500 }, reason = "higher deductible" };
        var first = new HttpRequestMessage(HttpMethod.Post, $"/v1/policies/{id}/endorse") { Content = JsonContent.Create(body) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var ok = await client.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/v1/policies/{id}/cancel")
        {
            Content = JsonContent.Create(new { effectiveDate = Today.ToString("yyyy-MM-dd"), reason = "x", method = "pro_rata" }),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        await (await client.SendAsync(stale)).AssertError(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("active", (await (await client.GetAsync($"/v1/policies/{id}")).Json()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancelToday_ProRata_ThenReinstate_WithNoGap()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        Advance(TimeSpan.FromDays(73));
        var cancel = await client.PostAsJsonAsync($"/v1/policies/{id}/cancel", new
        {
            effectiveDate = Today.ToString("yyyy-MM-dd"), reason = "Insured sold the business", method = "pro_rata",
        });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var result = await cancel.Json();
        Assert.Equal("cancelled", result.GetProperty("status").GetString());
        var calculation = result.GetProperty("cancellation");
        var written = policy.GetProperty("grossPremium").GetDecimal();
        var termDays = calculation.GetProperty("termDays").GetInt32();
        Assert.Equal(termDays - 73, calculation.GetProperty("unearnedDays").GetInt32());
        Assert.Equal(Math.Round(written * (termDays - 73) / termDays, 2, MidpointRounding.AwayFromZero), calculation.GetProperty("returnPremium").GetDecimal());
        Assert.Equal(1, (await (await client.GetAsync("/v1/events?type=policy.cancelled")).Json()).GetProperty("total").GetInt32());

        Advance(TimeSpan.FromDays(10));
        var reinstated = await client.PostAsJsonAsync($"/v1/policies/{id}/reinstate", new { reason = "Sale fell through" });
        Assert.Equal(HttpStatusCode.OK, reinstated.StatusCode);
        var back = await reinstated.Json();
        Assert.Equal("active", back.GetProperty("status").GetString());
        Assert.Equal(written, back.GetProperty("writtenPremium").GetDecimal());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("cancellation").ValueKind);
        var types = (await (await client.GetAsync($"/v1/policies/{id}/timeline")).Json()).GetProperty("data").EnumerateArray()
            .Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Equal(["reinstate", "cancel", "activate", "bind"], types);
        var reinstate = (await (await client.GetAsync($"/v1/policies/{id}/timeline")).Json()).GetProperty("data")[0];
        Assert.Equal(Today.AddDays(-10).ToString("yyyy-MM-dd"), reinstate.GetProperty("effectiveDate").GetString());
    }

    [Fact]
    public async Task FutureCancellation_IsPendingUntilItsDate()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        var result = await (await client.PostAsJsonAsync($"/v1/policies/{id}/cancel", new
        {
            effectiveDate = Today.AddDays(30).ToString("yyyy-MM-dd"), reason = "Non-renewal of lease", method = "short_rate",
        })).Json();
        Assert.Equal("pending_cancellation", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("cancellation").GetProperty("shortRatePenalty").GetDecimal() > 0);

        var grain = Grain(client, policy);
        Advance(TimeSpan.FromDays(29));
        await Reminders.Fire(grain);
        Assert.Equal("pending_cancellation", (await (await client.GetAsync($"/v1/policies/{id}")).Json()).GetProperty("status").GetString());
        Advance(TimeSpan.FromDays(2));
        await Reminders.Fire(grain);
        await Reminders.Fire(grain);
        Assert.Equal("cancelled", (await (await client.GetAsync($"/v1/policies/{id}")).Json()).GetProperty("status").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/events?type=policy.cancelled")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Reinstatement_ClosesAfterTheWindow_AndInvalidTransitionsNameFromAndTo()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        var invalid = await (await client.PostAsync($"/v1/policies/{id}/reinstate", null)).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal("active", invalid.GetProperty("details").GetProperty("from").GetString());
        Assert.Equal("active", invalid.GetProperty("details").GetProperty("to").GetString());

        await client.PostAsJsonAsync($"/v1/policies/{id}/cancel", new { effectiveDate = Today.ToString("yyyy-MM-dd"), reason = "x", method = "flat" });
        Advance(TimeSpan.FromDays(31));
        await (await client.PostAsync($"/v1/policies/{id}/reinstate", null)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        var endorse = await (await client.PostAsJsonAsync($"/v1/policies/{id}/endorse", new
        {
            effectiveDate = Today.ToString("yyyy-MM-dd"), changes = new { deductible = 500 }, reason = "x",
        })).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal("cancelled", endorse.GetProperty("details").GetProperty("from").GetString());
    }

    [Fact]
    public async Task Renew_IssuesTheNextTermOnTheLivePlan_Once()
    {
        var (client, policy) = await BoundPolicy(plan: "QUARTERLY");
        var id = Id(policy);
        var renewal = await client.PostAsync($"/v1/policies/{id}/renew", null);
        Assert.Equal(HttpStatusCode.Created, renewal.StatusCode);
        var next = await renewal.Json();
        Assert.Equal(policy.GetProperty("expirationDate").GetString(), next.GetProperty("effectiveDate").GetString());
        Assert.Equal("bound", next.GetProperty("status").GetString());
        Assert.Equal(id, next.GetProperty("renewalOfPolicyId").GetString());
        Assert.Equal("QUARTERLY", next.GetProperty("installmentPlan").GetString());
        Assert.NotEqual(policy.GetProperty("policyNumber").GetString(), next.GetProperty("policyNumber").GetString());
        Assert.Equal($"/v1/policies/{Id(next)}", renewal.Headers.Location?.ToString());

        var old = await (await client.GetAsync($"/v1/policies/{id}")).Json();
        Assert.Equal(Id(next), old.GetProperty("renewedToPolicyId").GetString());
        await (await client.PostAsync($"/v1/policies/{id}/renew", null)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal(1, (await (await client.GetAsync("/v1/events?type=policy.renewed")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AutomaticRenewalOffer_ThenExpiry_HappenOnceEvenWhenRemindersRepeatOrComeLate()
    {
        var (client, policy) = await BoundPolicy();
        var id = Id(policy);
        var grain = Grain(client, policy);
        var expiration = DateOnly.Parse(policy.GetProperty("expirationDate").GetString()!);

        Advance(TimeSpan.FromDays(expiration.DayNumber - Today.DayNumber - 61));
        await Reminders.Fire(grain);
        Assert.Equal(JsonValueKind.Null, (await (await client.GetAsync($"/v1/policies/{id}")).Json()).GetProperty("renewalOffer").ValueKind);

        Advance(TimeSpan.FromDays(1));
        await Reminders.Fire(grain);
        await Reminders.Fire(grain);
        var offered = await (await client.GetAsync($"/v1/policies/{id}")).Json();
        Assert.Equal(expiration.ToString("yyyy-MM-dd"), offered.GetProperty("renewalOffer").GetProperty("effectiveDate").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/events?type=policy.renewal_offered")).Json()).GetProperty("total").GetInt32());

        // The reminder comes late, well after expiry, and then again.
        Advance(TimeSpan.FromDays(90));
        await Reminders.Fire(grain);
        await Reminders.Fire(grain);
        Assert.Equal("expired", (await (await client.GetAsync($"/v1/policies/{id}")).Json()).GetProperty("status").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/events?type=policy.expired")).Json()).GetProperty("total").GetInt32());
        await (await client.PostAsync($"/v1/policies/{id}/renew", null)).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
    }
}
