using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

[Collection(ApiCollection.Name)]
public sealed class UnderwritingFlowTests(InsureApplication app)
{
    private static object GlSubmission(string effectiveDate = "2026-03-01", string naics = "541511", int limit = 1_000_000, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["insuredName"] = "Acme Software LLC",
            ["naicsCode"] = naics,
            ["annualRevenue"] = 2_500_000,
            ["requestedLimit"] = limit,
            ["effectiveDate"] = effectiveDate,
            ["state"] = "TX",
            ["lineOfBusiness"] = "GL",
            ["deductible"] = 1000,
        };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(extra);
        }
        return body;
    }

    private async Task<(HttpClient Client, string SubmissionId)> Submitted(object? body = null)
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        var response = await client.PostAsJsonAsync("/v1/submissions", body ?? GlSubmission());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (client, (await response.Json()).GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task SubmitQuoteBind_ProducesAPolicyWithNumberPremiumAndSchedule()
    {
        var (client, id) = await Submitted();

        var quote = await client.PostAsync($"/v1/submissions/{id}/quote", null);
        Assert.Equal(HttpStatusCode.Created, quote.StatusCode);
        var q = await quote.Json();
        Assert.StartsWith("quo_", q.GetProperty("id").GetString());
        Assert.Equal(952.56m, q.GetProperty("grossPremium").GetDecimal());
        Assert.Equal(46.20m, q.GetProperty("taxes").GetDecimal());
        Assert.Equal(151.71m, q.GetProperty("fees").GetDecimal());
        Assert.Equal(1150.47m, q.GetProperty("totalDue").GetDecimal());
        Assert.Equal("USD", q.GetProperty("currency").GetString());
        Assert.Equal(7, q.GetProperty("breakdown").GetArrayLength());
        Assert.Equal(app.ClockOf(client).GetUtcNow().AddDays(30), q.GetProperty("expiresAt").GetDateTimeOffset());

        var bind = await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "MONTHLY_10" });
        Assert.Equal(HttpStatusCode.Created, bind.StatusCode);
        var policy = await bind.Json();
        Assert.Matches(@"^GL-2026-\d{6}$", policy.GetProperty("policyNumber").GetString());
        Assert.Equal($"/v1/policies/{policy.GetProperty("id").GetString()}", bind.Headers.Location?.ToString());
        Assert.Equal(1150.47m, policy.GetProperty("totalDue").GetDecimal());
        Assert.Equal("2026-03-01", policy.GetProperty("effectiveDate").GetString());
        Assert.Equal("2027-03-01", policy.GetProperty("expirationDate").GetString());
        Assert.Equal("MONTHLY_10", policy.GetProperty("installmentPlan").GetString());
        var installments = policy.GetProperty("installments").EnumerateArray().ToList();
        Assert.Equal(10, installments.Count);
        Assert.Equal(1150.47m, installments.Sum(i => i.GetProperty("amount").GetDecimal()));
        Assert.Equal("2026-12-01", installments[9].GetProperty("dueDate").GetString());

        var fetched = await (await client.GetAsync($"/v1/policies/{policy.GetProperty("id").GetString()}")).Json();
        Assert.Equal(policy.GetProperty("policyNumber").GetString(), fetched.GetProperty("policyNumber").GetString());
        var submission = await (await client.GetAsync($"/v1/submissions/{id}")).Json();
        Assert.Equal("bound", submission.GetProperty("status").GetString());
        Assert.Equal(policy.GetProperty("id").GetString(), submission.GetProperty("policyId").GetString());

        var types = (await (await client.GetAsync("/v1/events?type=policy.bound")).Json()).GetProperty("data").EnumerateArray().ToList();
        Assert.Single(types);
        Assert.Equal(policy.GetProperty("policyNumber").GetString(), types[0].GetProperty("data").GetProperty("policyNumber").GetString());
    }

    [Fact]
    public async Task BindingTwice_Returns422()
    {
        var (client, id) = await Submitted();
        await client.PostAsync($"/v1/submissions/{id}/quote", null);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).StatusCode);
        var again = await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal("bound", again.GetProperty("details").GetProperty("from").GetString());
        await (await client.PostAsync($"/v1/submissions/{id}/quote", null)).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
    }

    [Fact]
    public async Task BindWithoutQuote_OrWithAnExpiredQuote_Returns422()
    {
        var (client, id) = await Submitted();
        await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");

        await client.PostAsync($"/v1/submissions/{id}/quote", null);
        app.ClockOf(client).Advance(TimeSpan.FromDays(30));
        var expired = await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Contains("expired", expired.GetProperty("message").GetString());
        Assert.Equal("expired", (await (await client.GetAsync($"/v1/submissions/{id}")).Json()).GetProperty("quote").GetProperty("status").GetString());

        // Re-quoting replaces the quote, which can then be bound.
        var requote = await (await client.PostAsync($"/v1/submissions/{id}/quote", null)).Json();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).StatusCode);
        Assert.Equal(requote.GetProperty("id").GetString(),
            (await (await client.GetAsync($"/v1/submissions/{id}")).Json()).GetProperty("quote").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("naicsCode", "999999", "naicsCode", "not_in_plan")]
    [InlineData("state", "ZZ", "state", "not_in_plan")]
    [InlineData("naicsCode", "11111", "naicsCode", "not_in_plan")]
    [InlineData("requestedLimit", 1_500_000, "requestedLimit", "not_in_plan")]
    [InlineData("lineOfBusiness", "MARINE", "lineOfBusiness", "not_in_catalog")]
    [InlineData("insuredName", "", "insuredName", "required")]
    [InlineData("effectiveDate", "2026-02-30", "effectiveDate", "type")]
    [InlineData("annualRevenue", "a lot", "annualRevenue", "type")]
    [InlineData("expirationDate", "2026-01-01", "expirationDate", "range")]
    [InlineData("effectiveDate", "0001-01-01", "effectiveDate", "range")]
    [InlineData("effectiveDate", "9999-12-31", "effectiveDate", "range")]
    [InlineData("effectiveDate", "2024-12-31", "effectiveDate", "range")]
    [InlineData("insuredName", "A very long name indeed, repeated until it passes two hundred characters: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "insuredName", "max_length")]
    public async Task BadApplications_Return400NamingTheField(string field, object value, string expectedField, string rule)
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = (Dictionary<string, object?>)GlSubmission();
        body[field] = value;
        var error = await (await client.PostAsJsonAsync("/v1/submissions", body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(expectedField, error.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal(rule, error.GetProperty("details").GetProperty("rule").GetString());
        Assert.Equal(0, (await (await client.GetAsync("/v1/submissions")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task OverlongLossHistory_AndAbsurdLossDates_Return400()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = (Dictionary<string, object?>)GlSubmission();
        body["lossHistory"] = Enumerable.Range(0, 51).Select(_ => new { date = "2025-06-01", amount = 100 }).ToArray();
        var tooMany = await (await client.PostAsJsonAsync("/v1/submissions", body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("lossHistory", tooMany.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal("max_items", tooMany.GetProperty("details").GetProperty("rule").GetString());

        body["lossHistory"] = new[] { new { date = "0001-01-01", amount = 100 } };
        var ancient = await (await client.PostAsJsonAsync("/v1/submissions", body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("lossHistory[0].date", ancient.GetProperty("details").GetProperty("field").GetString());
        body["lossHistory"] = new[] { new { date = "2025-06-01", amount = 100, description = new string('x', 501) } };
        var wordy = await (await client.PostAsJsonAsync("/v1/submissions", body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("lossHistory[0].description", wordy.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal(0, (await (await client.GetAsync("/v1/submissions")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task MissingRequiredPlanInput_Returns400()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = (Dictionary<string, object?>)GlSubmission();
        body.Remove("naicsCode");
        var error = await (await client.PostAsJsonAsync("/v1/submissions", body)).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("naicsCode", error.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal("required", error.GetProperty("details").GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Readiness_ScoresVerdictsAndBlocksQuotingWhenNotAcceptable()
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        var holder = (await (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Acme Software LLC" })).Json())
            .GetProperty("id").GetString();
        var ready = (await (await client.PostAsJsonAsync("/v1/submissions", GlSubmission(extra: new { lossHistory = Array.Empty<object>(), policyholderId = holder }))).Json())
            .GetProperty("id").GetString();
        var r = await (await client.GetAsync($"/v1/submissions/{ready}/quote-readiness")).Json();
        Assert.Equal("ready", r.GetProperty("verdict").GetString());
        Assert.Equal(100, r.GetProperty("score").GetInt32());

        var needsInfo = (await (await client.PostAsJsonAsync("/v1/submissions", GlSubmission())).Json()).GetProperty("id").GetString();
        var n = await (await client.GetAsync($"/v1/submissions/{needsInfo}/quote-readiness")).Json();
        Assert.Equal("needs_info", n.GetProperty("verdict").GetString());
        Assert.Equal(["lossHistory", "policyholderId"], n.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(70, n.GetProperty("score").GetInt32());

        var referral = (await (await client.PostAsJsonAsync("/v1/submissions", GlSubmission(limit: 5_000_000))).Json()).GetProperty("id").GetString();
        Assert.Equal("referral_required", (await (await client.GetAsync($"/v1/submissions/{referral}")).Json()).GetProperty("triage").GetProperty("verdict").GetString());
        // A referral gets an indicative quote, but cannot be bound until an underwriter approves it.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{referral}/quote", null)).StatusCode);
        var blocked = await (await client.PostAsJsonAsync($"/v1/submissions/{referral}/bind", new { installmentPlan = "PIF" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("referral_required", blocked.GetProperty("details").GetProperty("verdict").GetString());

        var declined = (await (await client.PostAsJsonAsync("/v1/submissions", GlSubmission(naics: "238160"))).Json()).GetProperty("id").GetString();
        var d = await (await client.GetAsync($"/v1/submissions/{declined}/quote-readiness")).Json();
        Assert.Equal("declined", d.GetProperty("verdict").GetString());
        Assert.Equal(0, d.GetProperty("score").GetInt32());
        await (await client.PostAsync($"/v1/submissions/{declined}/quote", null)).AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
    }

    [Fact]
    public async Task Dinosure_TakesItsInputsAsAttributes()
    {
        var (client, id) = await Submitted(new
        {
            insuredName = "Rex",
            lineOfBusiness = "dinosure",
            effectiveDate = "2026-12-01",
            attributes = new { coverAmount = 50000, age = 60, species = "Velociraptor", healthChecksUpdated = true },
        });
        var quote = await (await client.PostAsync($"/v1/submissions/{id}/quote", null)).Json();
        Assert.Equal(310.50m, quote.GetProperty("totalDue").GetDecimal());
        var policy = await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "TWO_PAY" })).Json();
        Assert.StartsWith("DINO-2026-", policy.GetProperty("policyNumber").GetString());
        Assert.Equal([155.25m, 155.25m], policy.GetProperty("installments").EnumerateArray().Select(i => i.GetProperty("amount").GetDecimal()));

        var bad = await (await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Dodo",
            lineOfBusiness = "dinosure",
            effectiveDate = "2026-12-01",
            attributes = new { coverAmount = 50000, age = 3, species = "Dodo" },
        })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("attributes.species", bad.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task ShortTerm_IsRatedProRata_AndInstallmentsMustFitIt()
    {
        var (client, id) = await Submitted(GlSubmission("2027-01-01", extra: new { expirationDate = "2027-07-01" }));
        var quote = await (await client.PostAsync($"/v1/submissions/{id}/quote", null)).Json();
        Assert.Contains(quote.GetProperty("breakdown").EnumerateArray(), s => s.GetProperty("step").GetString() == "term");
        // Half a year of 952.56 is under the plan's 750 minimum premium.
        Assert.Equal(750m, quote.GetProperty("grossPremium").GetDecimal());

        var monthly = await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "MONTHLY_12" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("installmentPlan", monthly.GetProperty("details").GetProperty("field").GetString());
        var policy = await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).Json();
        Assert.Equal("2027-07-01", policy.GetProperty("expirationDate").GetString());
        Assert.Equal("GL-2027-000001", policy.GetProperty("policyNumber").GetString());
    }

    [Fact]
    public async Task PolicyNumbers_AreNeverDuplicatedUnderConcurrency()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var id = (await (await client.PostAsJsonAsync("/v1/submissions", GlSubmission("2027-05-01"))).Json()).GetProperty("id").GetString()!;
            await client.PostAsync($"/v1/submissions/{id}/quote", null);
            ids.Add(id);
        }
        var policies = await Task.WhenAll(ids.Select(async id =>
            await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).Json()));
        var numbers = policies.Select(p => p.GetProperty("policyNumber").GetString()!).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"GL-2027-{n:D6}"), numbers);
    }

    [Fact]
    public async Task FuturePolicy_IsBoundUntilItsEffectiveDate_ThenActive()
    {
        var effective = DateOnly.FromDateTime(TestClocks.Start.UtcDateTime).AddDays(10);
        var (client, id) = await Submitted(GlSubmission(effective.ToString("yyyy-MM-dd")));
        await client.PostAsync($"/v1/submissions/{id}/quote", null);
        var policy = await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).Json();
        var policyId = policy.GetProperty("id").GetString()!;
        Assert.Equal("bound", policy.GetProperty("status").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/policies?status=bound")).Json()).GetProperty("total").GetInt32());

        // The activation reminder fires on the effective date; the test moves the clock and ticks the reminder itself.
        var grain = app.Service<IGrainFactory>().GetGrain<IPolicyGrain>($"{Tenant(client)}/{policyId}");
        await Reminders.Fire(grain);
        Assert.Equal("bound", (await (await client.GetAsync($"/v1/policies/{policyId}")).Json()).GetProperty("status").GetString());
        app.ClockOf(client).Advance(TimeSpan.FromDays(11));
        await Reminders.Fire(grain);
        await Reminders.Fire(grain);

        Assert.Equal("active", (await (await client.GetAsync($"/v1/policies/{policyId}")).Json()).GetProperty("status").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/policies?status=active")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await client.GetAsync("/v1/events?type=policy.activated")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Lists_FilterSubmissionsAndPolicies()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        async Task<string> Bound(string effective, string producer)
        {
            var id = (await (await client.PostAsJsonAsync("/v1/submissions", GlSubmission(effective, extra: new { producerId = producer }))).Json()).GetProperty("id").GetString()!;
            await client.PostAsync($"/v1/submissions/{id}/quote", null);
            return (await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).Json()).GetProperty("id").GetString()!;
        }
        // Producers of the tenant, licensed and appointed for GL in Texas before the first effective date, so each may bind.
        async Task<string> Producer(string name)
        {
            var id = (await ProducersTests.Created(client, "/v1/producers", new { type = "agency", name, licenses = new[] { ProducersTests.License() } }))
                .GetProperty("id").GetString()!;
            await ProducersTests.Created(client, $"/v1/producers/{id}/appointments", new { state = "TX", lineOfBusiness = "GL", effectiveDate = "2026-01-01" });
            return id;
        }
        var a = await Producer("Agency A");
        var b = await Producer("Agency B");
        await Bound("2026-01-15", a);
        var feb = await Bound("2026-02-15", b);
        await Bound("2026-03-15", a);
        await client.PostAsJsonAsync("/v1/submissions", GlSubmission(extra: new { producerId = a }));

        async Task<int> Total(string path) => (await (await client.GetAsync(path)).Json()).GetProperty("total").GetInt32();
        Assert.Equal(4, await Total("/v1/submissions"));
        Assert.Equal(3, await Total($"/v1/submissions?producerId={a}"));
        Assert.Equal(1, await Total("/v1/submissions?status=submitted"));
        Assert.Equal(3, await Total("/v1/submissions?status=bound"));
        Assert.Equal(2, await Total($"/v1/policies?producerId={a}"));
        Assert.Equal(3, await Total("/v1/policies?lineOfBusiness=GL"));
        var onlyFeb = await (await client.GetAsync("/v1/policies?effectiveAfter=2026-02-01&effectiveBefore=2026-02-28")).Json();
        Assert.Equal(feb, onlyFeb.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(1, onlyFeb.GetProperty("total").GetInt32());
        await (await client.GetAsync("/v1/policies?effectiveAfter=Feb")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task AnotherTenantsSubmissionsAndPolicies_Return404()
    {
        var (client, id) = await Submitted();
        await client.PostAsync($"/v1/submissions/{id}/quote", null);
        var policyId = (await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).Json()).GetProperty("id").GetString();
        var (_, otherKey) = await app.CreateOrganization();
        using var other = app.CreateClient(otherKey);
        await (await other.GetAsync($"/v1/submissions/{id}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await other.PostAsync($"/v1/submissions/{id}/quote", null)).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync($"/v1/policies/{policyId}")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    private static string Tenant(HttpClient client)
    {
        var key = client.DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.True(ApiKeyFormat.TryParse(key, out var tenant, out _));
        return tenant.ToString();
    }
}
