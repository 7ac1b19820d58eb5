using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>`GET /v1/policies/{id}/ledger`: the entries' shape, balances, earned premium as of a date, and refusals.</summary>
[Collection(ApiCollection.Name)]
public sealed class LedgerTests(InsureApplication app)
{
    [Fact]
    public async Task TheLedger_ShowsBalancedEntries_BalancesAndEarnedPremiumAsOfADate()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var today = app.TodayOf(client);
        var submission = await (await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Ledger Lane", naicsCode = "541511", annualRevenue = 2_500_000, requestedLimit = 1_000_000, deductible = 1_000,
            effectiveDate = today.ToString("yyyy-MM-dd"), state = "TX", lineOfBusiness = "GL",
        })).Json();
        var submissionId = submission.GetProperty("id").GetString();
        await client.PostAsync($"/v1/submissions/{submissionId}/quote", null);
        var policy = await (await client.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "PIF" })).Json();
        var policyId = policy.GetProperty("id").GetString();
        var invoice = (await (await client.GetAsync($"/v1/invoices?policyId={policyId}")).Json()).GetProperty("data")[0];
        await client.PostAsJsonAsync($"/v1/invoices/{invoice.GetProperty("id").GetString()}/pay", new { amount = 500, method = "ach", reference = "ach 9" });

        var ledger = await (await client.GetAsync($"/v1/policies/{policyId}/ledger")).Json();
        Assert.Equal(("ledger", policyId, "USD"), (ledger.GetProperty("object").GetString(), ledger.GetProperty("policyId").GetString(), ledger.GetProperty("currency").GetString()));
        var entries = ledger.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(6, entries.Count); // bind: receivable, unearned, taxes, fees; payment: cash, receivable
        foreach (var field in new[] { "id", "transactionId", "account", "debit", "credit", "currency", "createdAt", "reason", "sourceId" })
        {
            Assert.All(entries, e => Assert.True(e.TryGetProperty(field, out _), field));
        }
        Assert.Equal(ledger.GetProperty("totalDebits").GetDecimal(), ledger.GetProperty("totalCredits").GetDecimal());
        decimal Balance(JsonElement l, string account) =>
            l.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("account").GetString() == account).GetProperty("balance").GetDecimal();
        Assert.Equal(policy.GetProperty("totalDue").GetDecimal() - 500m, Balance(ledger, "premium_receivable"));
        Assert.Equal(500m, Balance(ledger, "cash"));
        Assert.Equal(-policy.GetProperty("grossPremium").GetDecimal(), Balance(ledger, "unearned_premium"));
        var payment = entries.Single(e => e.GetProperty("account").GetString() == "cash");
        Assert.StartsWith("pay_", payment.GetProperty("sourceId").GetString());
        Assert.Equal(entries.Single(e => e.GetProperty("account").GetString() == "premium_receivable" && e.GetProperty("credit").GetDecimal() > 0)
            .GetProperty("transactionId").GetString(), payment.GetProperty("transactionId").GetString());

        var earning = ledger.GetProperty("earning");
        Assert.Equal(policy.GetProperty("grossPremium").GetDecimal(), earning.GetProperty("writtenPremium").GetDecimal());
        var later = await (await client.GetAsync($"/v1/policies/{policyId}/ledger?asOf={today.AddDays(182):yyyy-MM-dd}")).Json();
        var earned = later.GetProperty("earning").GetProperty("earnedPremium").GetDecimal();
        Assert.InRange(earned, policy.GetProperty("grossPremium").GetDecimal() * 0.49m, policy.GetProperty("grossPremium").GetDecimal() * 0.51m);
        var before = await (await client.GetAsync($"/v1/policies/{policyId}/ledger?asOf={today.AddDays(-1):yyyy-MM-dd}")).Json();
        Assert.Equal((0, 0m, 0m), (before.GetProperty("data").GetArrayLength(), before.GetProperty("totalDebits").GetDecimal(),
            before.GetProperty("earning").GetProperty("earnedPremium").GetDecimal()));

        await (await client.GetAsync($"/v1/policies/{policyId}/ledger?asOf=yesterday")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync("/v1/policies/pol_missing/ledger")).AssertError(HttpStatusCode.NotFound, "not_found");
        var (_, otherKey) = await app.CreateOrganization("Other");
        using var other = app.CreateClient(otherKey);
        await (await other.GetAsync($"/v1/policies/{policyId}/ledger")).AssertError(HttpStatusCode.NotFound, "not_found");
    }
}
