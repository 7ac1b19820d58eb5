using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Tests.Features;

/// <summary>
/// Every kind of money movement on one policy, through the HTTP API, checking after each that the invoices reconcile
/// with what the policy has written and that the ledger balances: bind, endorsement, card payment, failed payment,
/// manual payment, refund, claim payment, cancellation, reinstatement and a write-off. Run in both storage modes.
/// </summary>
public static class BillingScenario
{
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd");

    public static async Task Run(InsureApplication app)
    {
        var (_, key) = await app.CreateOrganization("Ledger Mutual");
        using var client = app.CreateClient(key);
        var clock = app.ClockOf(client);
        DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var submission = await (await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Ledger Logistics",
            naicsCode = "541511",
            annualRevenue = 4_321_987,
            requestedLimit = 1_000_000,
            deductible = 2_500,
            effectiveDate = Day(Today().AddDays(-20)),
            state = "TX",
            lineOfBusiness = "GL",
        })).Json();
        var submissionId = submission.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{submissionId}/quote", null)).StatusCode);
        var policy = await (await client.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "QUARTERLY" })).Json();
        var policyId = policy.GetProperty("id").GetString()!;
        await Reconciles(client, policyId, "bind");

        var endorsed = await client.PostAsJsonAsync($"/v1/policies/{policyId}/endorse", new
        {
            effectiveDate = Day(Today()), changes = new Dictionary<string, object> { ["requestedLimit"] = 2_000_000 }, reason = "Higher limit",
        });
        Assert.True(endorsed.StatusCode == HttpStatusCode.OK, await endorsed.Content.ReadAsStringAsync());
        var invoices = await Invoices(client, policyId);
        Assert.All(invoices, i => Assert.Contains(i.GetProperty("lines").EnumerateArray(), l => l.GetProperty("kind").GetString() == "endorsement_premium"));
        await Reconciles(client, policyId, "endorse");

        await Ok(client.PostAsJsonAsync($"/v1/invoices/{Id(invoices[0])}/payment-intent", new { paymentMethod = "pm_card_chargeDeclined" }));
        await Reconciles(client, policyId, "failed payment");
        await Ok(client.PostAsJsonAsync($"/v1/invoices/{Id(invoices[0])}/payment-intent", new { paymentMethod = "pm_card_visa" }));
        await Ok(client.PostAsJsonAsync($"/v1/invoices/{Id(invoices[1])}/pay", new { amount = 100, method = "check", reference = "chk 5" }));
        await Reconciles(client, policyId, "payments");
        await Ok(client.PostAsJsonAsync($"/v1/invoices/{Id(invoices[0])}/refund", new { amount = 12.34, reason = "goodwill" }));
        await Reconciles(client, policyId, "refund", refundsOutsideCredits: 12.34m);

        var claim = await (await client.PostAsJsonAsync("/v1/claims", new
        {
            policyId, dateOfLoss = Day(Today().AddDays(-2)), description = "Forklift damage", claimant = new { name = "Dock 4" },
        })).Json();
        var claimId = claim.GetProperty("id").GetString();
        await Ok(client.PostAsJsonAsync($"/v1/claims/{claimId}/investigate", new { adjusterId = "adj_1" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{claimId}/reserves", new { category = "indemnity", amount = 5_000, reason = "estimate" }));
        await Ok(client.PostAsJsonAsync($"/v1/claims/{claimId}/settle", new { amount = 6_000, payee = "Dock 4" }));
        var afterClaim = await Reconciles(client, policyId, "claim payment", refundsOutsideCredits: 12.34m);
        Assert.Equal(3_500m, Balance(afterClaim, "claims_paid")); // 6,000 settled less the 2,500 deductible

        var cancelled = await client.PostAsJsonAsync($"/v1/policies/{policyId}/cancel", new { effectiveDate = Day(Today()), reason = "Sold the fleet", method = "pro_rata" });
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        await Reconciles(client, policyId, "cancel", refundsOutsideCredits: 12.34m);
        var reinstated = await client.PostAsJsonAsync($"/v1/policies/{policyId}/reinstate", new { reason = "Sale fell through" });
        Assert.True(reinstated.StatusCode == HttpStatusCode.OK, await reinstated.Content.ReadAsStringAsync());
        await Reconciles(client, policyId, "reinstate", refundsOutsideCredits: 12.34m);

        // The reinstatement's invoice is collected with the card on file, which now declines, until it is written off.
        var open = (await Invoices(client, policyId)).Where(i => i.GetProperty("status").GetString() == "open").ToList();
        Assert.NotEmpty(open);
        await Ok(client.PostAsJsonAsync($"/v1/invoices/{Id(open[^1])}/payment-intent", new { paymentMethod = "pm_card_chargeDeclinedInsufficientFunds" }));
        Assert.True(ApiKeyFormat.TryParse(key, out var tenant, out _));
        var grain = app.Service<IGrainFactory>().GetGrain<IInvoiceGrain>(tenant.KeyFor(Id(open[^1])));
        for (var tick = 0; tick < 6; tick++)
        {
            await Reminders.Fire(grain, "collection");
            var next = (await Ok(client.GetAsync($"/v1/invoices/{Id(open[^1])}"))).GetProperty("nextRetryAt");
            if (next.ValueKind != JsonValueKind.Null)
            {
                clock.Advance(next.GetDateTimeOffset() - clock.GetUtcNow());
            }
        }
        Assert.Equal("uncollectible", (await Ok(client.GetAsync($"/v1/invoices/{Id(open[^1])}"))).GetProperty("status").GetString());
        var final = await Reconciles(client, policyId, "write-off", refundsOutsideCredits: 12.34m, writtenOff: open[^1].GetProperty("amountDue").GetDecimal());
        Assert.Equal(open[^1].GetProperty("amountDue").GetDecimal(), Balance(final, "bad_debt"));
    }

    /// <summary>
    /// The invoices bill exactly what the policy has written (less what credits refunded), what they still have due
    /// is the receivable, and the ledger's debits equal its credits. Returns the ledger.
    /// </summary>
    private static async Task<JsonElement> Reconciles(HttpClient client, string policyId, string after, decimal refundsOutsideCredits = 0m, decimal writtenOff = 0m)
    {
        var policy = await Ok(client.GetAsync($"/v1/policies/{policyId}"));
        var invoices = await Invoices(client, policyId);
        var billed = invoices.Sum(i => i.GetProperty("total").GetDecimal()) - invoices.Sum(i => i.GetProperty("amountRefunded").GetDecimal()) + refundsOutsideCredits;
        Assert.True(policy.GetProperty("totalWritten").GetDecimal() == billed, $"after {after}: written {policy.GetProperty("totalWritten")} but billed {billed}");
        var ledger = await Ok(client.GetAsync($"/v1/policies/{policyId}/ledger"));
        Assert.True(ledger.GetProperty("totalDebits").GetDecimal() == ledger.GetProperty("totalCredits").GetDecimal(), $"after {after}: {ledger}");
        var due = invoices.Where(i => i.GetProperty("status").GetString() != "voided").Sum(i => i.GetProperty("amountDue").GetDecimal());
        Assert.True(Balance(ledger, "premium_receivable") == due - writtenOff, $"after {after}: receivable {Balance(ledger, "premium_receivable")} but due {due} - {writtenOff}");
        return ledger;
    }

    private static decimal Balance(JsonElement ledger, string account) =>
        ledger.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("account").GetString() == account).GetProperty("balance").GetDecimal();

    private static async Task<JsonElement[]> Invoices(HttpClient client, string policyId) =>
        (await Ok(client.GetAsync($"/v1/invoices?policyId={policyId}&page_size=100"))).GetProperty("data").EnumerateArray()
            .OrderBy(i => i.GetProperty("dueDate").GetString()).ThenBy(i => i.GetProperty("number").GetString()).ToArray();

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }
}
