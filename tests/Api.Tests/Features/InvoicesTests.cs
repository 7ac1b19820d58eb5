using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;

namespace Insure.Api.Tests.Features;

/// <summary>Invoices over HTTP: issued by binding, paid by hand or by card through the sandbox gateway, voided.</summary>
[Collection(ApiCollection.Name)]
public sealed class InvoicesTests(InsureApplication app)
{
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd");

    /// <summary>A GL policy bound on <paramref name="plan"/> in a new organization; returns the client and the policy.</summary>
    private async Task<(HttpClient Client, JsonElement Policy)> Bound(string plan = "MONTHLY_10")
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        var today = app.TodayOf(client);
        var submission = await (await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Invoice Bakery",
            naicsCode = "722511",
            annualRevenue = 1_234_567,
            requestedLimit = 1_000_000,
            deductible = 1_000,
            effectiveDate = Day(today.AddDays(10)),
            state = "TX",
            lineOfBusiness = "GL",
        })).Json();
        var id = submission.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
        var bound = await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = plan });
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        return (client, await bound.Json());
    }

    private static async Task<JsonElement[]> Invoices(HttpClient client, string query)
    {
        var page = await (await client.GetAsync($"/v1/invoices?{query}&page_size=100")).Json();
        return page.GetProperty("data").EnumerateArray().OrderBy(i => i.GetProperty("dueDate").GetString()).ToArray();
    }

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    [Fact]
    public async Task ABindsInstallments_ShareOneCreationMoment_AndListNewestFirstByNumber_WhileTheClockMoves()
    {
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        // Every reading of the tenant's clock moves it on, so invoices issued one after another would each get their own moment.
        var clock = app.ClockOf(client);
        clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(3);
        var submission = await (await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Ordered Invoices Co", naicsCode = "722511", annualRevenue = 1_234_567, requestedLimit = 1_000_000, deductible = 1_000,
            effectiveDate = Day(app.TodayOf(client).AddDays(10)), state = "TX", lineOfBusiness = "GL",
        })).Json();
        var id = submission.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
        var bound = await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "MONTHLY_10" });
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        var policy = await bound.Json();
        clock.AutoAdvanceAmount = TimeSpan.Zero;

        var page = await Ok(client.GetAsync($"/v1/invoices?policyId={policy.GetProperty("id").GetString()}&page_size=100"));
        var listed = page.GetProperty("data").EnumerateArray().ToArray();
        var number = policy.GetProperty("policyNumber").GetString();
        Assert.Equal(Enumerable.Range(1, 10).Reverse().Select(n => $"{number}-{n:D2}"), listed.Select(i => i.GetProperty("number").GetString()));
        Assert.Single(listed.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).Distinct());
    }

    [Theory]
    [InlineData("PIF", 1)]
    [InlineData("TWO_PAY", 2)]
    [InlineData("QUARTERLY", 4)]
    [InlineData("MONTHLY_10", 10)]
    [InlineData("MONTHLY_12", 12)]
    public async Task Binding_IssuesOneOpenInvoicePerInstallment_SummingToTheCentToTotalDue(string plan, int count)
    {
        var (client, policy) = await Bound(plan);
        var policyId = policy.GetProperty("id").GetString();
        var invoices = await Invoices(client, $"policyId={policyId}");

        Assert.Equal(count, invoices.Length);
        Assert.Equal(policy.GetProperty("totalDue").GetDecimal(), invoices.Sum(i => i.GetProperty("total").GetDecimal()));
        Assert.Equal(policy.GetProperty("grossPremium").GetDecimal(),
            invoices.SelectMany(i => i.GetProperty("lines").EnumerateArray()).Where(l => l.GetProperty("kind").GetString() == "premium").Sum(l => l.GetProperty("amount").GetDecimal()));
        var installments = policy.GetProperty("installments").EnumerateArray().ToArray();
        for (var n = 0; n < count; n++)
        {
            var invoice = invoices[n];
            Assert.StartsWith("inv_", invoice.GetProperty("id").GetString());
            Assert.Equal($"{policy.GetProperty("policyNumber").GetString()}-{n + 1:D2}", invoice.GetProperty("number").GetString());
            Assert.Equal(("open", n + 1), (invoice.GetProperty("status").GetString(), invoice.GetProperty("installmentNumber").GetInt32()));
            Assert.Equal(installments[n].GetProperty("dueDate").GetString(), invoice.GetProperty("dueDate").GetString());
            Assert.Equal(installments[n].GetProperty("amount").GetDecimal(), invoice.GetProperty("amountDue").GetDecimal());
        }
    }

    [Fact]
    public async Task Lists_FilterByStatusPolicyAndDueDates()
    {
        var (client, policy) = await Bound("QUARTERLY");
        var policyId = policy.GetProperty("id").GetString();
        var all = await Invoices(client, $"policyId={policyId}");
        var second = all[1].GetProperty("dueDate").GetString();
        var third = all[2].GetProperty("dueDate").GetString();
        Assert.Equal(2, (await Invoices(client, $"policyId={policyId}&dueAfter={second}&dueBefore={third}")).Length);
        await Ok(client.PostAsJsonAsync($"/v1/invoices/{all[0].GetProperty("id").GetString()}/pay", new { amount = all[0].GetProperty("total").GetDecimal(), method = "ach", reference = "ach 1" }));
        Assert.Equal([all[0].GetProperty("id").GetString()], (await Invoices(client, $"policyId={policyId}&status=paid")).Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(3, (await Invoices(client, $"status=open")).Length);
        await (await client.GetAsync("/v1/invoices?dueAfter=someday")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task ManualPayments_LeaveABalance_PayInFull_AndRefuseOverpayment()
    {
        var (client, policy) = await Bound("TWO_PAY");
        var invoice = (await Invoices(client, $"policyId={policy.GetProperty("id").GetString()}"))[0];
        var id = invoice.GetProperty("id").GetString();
        var total = invoice.GetProperty("total").GetDecimal();

        var part = await Ok(client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = 100.10, method = "check", reference = "chk 1042" }));
        Assert.Equal(("open", 100.10m, total - 100.10m), (part.GetProperty("status").GetString(), part.GetProperty("amountPaid").GetDecimal(), part.GetProperty("amountDue").GetDecimal()));

        var over = await client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = total, method = "wire", reference = "fed 1" });
        var error = await over.AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal("overpayment", error.GetProperty("details").GetProperty("rule").GetString());

        var paid = await Ok(client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = total - 100.10m, method = "wire", reference = "fed 2" }));
        Assert.Equal(("paid", 0m), (paid.GetProperty("status").GetString(), paid.GetProperty("amountDue").GetDecimal()));
        Assert.Equal(["check", "wire"], paid.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("method").GetString()));
        await (await client.PostAsJsonAsync($"/v1/invoices/{id}/void", new { reason = "too late" })).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");

        var types = (await (await client.GetAsync("/v1/events?page_size=100")).Json()).GetProperty("data").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(2, types.Count(t => t == "invoice.created"));
        Assert.Equal(2, types.Count(t => t == "payment.received"));
        Assert.Equal(1, types.Count(t => t == "invoice.paid"));
        var received = (await (await client.GetAsync("/v1/events?type=payment.received")).Json()).GetProperty("data")[0].GetProperty("data");
        Assert.Equal(("payment", id, "fed 2"), (received.GetProperty("object").GetString(), received.GetProperty("invoiceId").GetString(), received.GetProperty("reference").GetString()));
    }

    [Fact]
    public async Task BadPayments_Get400_AndVoidingStopsWhatIsOwed()
    {
        var (client, policy) = await Bound("TWO_PAY");
        var id = (await Invoices(client, $"policyId={policy.GetProperty("id").GetString()}"))[1].GetProperty("id").GetString();
        await (await client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = 10, method = "card", reference = "x" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = -1, method = "cash", reference = "x" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = 1.001, method = "cash", reference = "x" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = 1, method = "cash" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");

        var voided = await Ok(client.PostAsJsonAsync($"/v1/invoices/{id}/void", new { reason = "rebilled" }));
        Assert.Equal(("voided", 0m), (voided.GetProperty("status").GetString(), voided.GetProperty("amountDue").GetDecimal()));
        await (await client.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = 1, method = "cash", reference = "x" })).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        Assert.Equal("invoice.voided", (await (await client.GetAsync("/v1/events?type=invoice.voided")).Json()).GetProperty("data")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnotherTenantsInvoice_IsNotFound()
    {
        var (client, policy) = await Bound("PIF");
        var id = (await Invoices(client, $"policyId={policy.GetProperty("id").GetString()}"))[0].GetProperty("id").GetString();
        var (_, otherKey) = await app.CreateOrganization("Other");
        using var other = app.CreateClient(otherKey);
        await (await other.GetAsync($"/v1/invoices/{id}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await other.PostAsJsonAsync($"/v1/invoices/{id}/pay", new { amount = 1, method = "cash", reference = "x" })).AssertError(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await other.GetAsync("/v1/invoices")).Json()).GetProperty("total").GetInt32());
        await (await client.GetAsync("/v1/invoices/inv_nope")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task APaymentIntent_WithATestCard_PaysOrFailsWithStripesDeclineCode()
    {
        var (client, policy) = await Bound("QUARTERLY");
        var invoices = await Invoices(client, $"policyId={policy.GetProperty("id").GetString()}");

        var pending = await Ok(client.PostAsJsonAsync($"/v1/invoices/{invoices[0].GetProperty("id").GetString()}/payment-intent", new { }));
        Assert.Equal(("payment_intent", "requires_payment_method"), (pending.GetProperty("object").GetString(), pending.GetProperty("status").GetString()));
        Assert.StartsWith(pending.GetProperty("id").GetString() + "_secret_", pending.GetProperty("clientSecret").GetString());
        Assert.Equal((invoices[0].GetProperty("total").GetDecimal(), "USD"), (pending.GetProperty("amount").GetDecimal(), pending.GetProperty("currency").GetString()));

        Assert.False((await Ok(client.GetAsync($"/v1/policies/{policy.GetProperty("id").GetString()}"))).TryGetProperty("paymentMethod", out _));
        var paid = await Ok(client.PostAsJsonAsync($"/v1/invoices/{invoices[0].GetProperty("id").GetString()}/payment-intent", new { paymentMethod = "pm_card_visa" }));
        Assert.Equal(("succeeded", "paid"), (paid.GetProperty("status").GetString(), paid.GetProperty("invoice").GetProperty("status").GetString()));
        // The card is stored on the policy for later collections (one-way, so it may land a moment after the answer).
        var shown = await Ok(client.GetAsync($"/v1/policies/{policy.GetProperty("id").GetString()}"));
        for (var wait = 0; wait < 100 && !shown.TryGetProperty("paymentMethod", out _); wait++)
        {
            await Task.Delay(20);
            shown = await Ok(client.GetAsync($"/v1/policies/{policy.GetProperty("id").GetString()}"));
        }
        Assert.Equal("pm_card_visa", shown.GetProperty("paymentMethod").GetString());

        foreach (var (card, code, n) in new[] { ("pm_card_chargeDeclined", "generic_decline", 1), ("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds", 2), ("pm_card_chargeDeclinedExpiredCard", "expired_card", 3) })
        {
            var declined = await Ok(client.PostAsJsonAsync($"/v1/invoices/{invoices[n].GetProperty("id").GetString()}/payment-intent", new { paymentMethod = card }));
            Assert.Equal(("requires_payment_method", code), (declined.GetProperty("status").GetString(), declined.GetProperty("declineCode").GetString()));
            var invoice = declined.GetProperty("invoice");
            Assert.Equal("payment_failed", invoice.GetProperty("status").GetString());
            Assert.Equal(code, invoice.GetProperty("attempts")[0].GetProperty("declineCode").GetString());
        }
        var failed = (await (await client.GetAsync("/v1/events?type=payment.failed")).Json()).GetProperty("data");
        Assert.Equal(3, failed.GetArrayLength());
        await (await client.PostAsJsonAsync($"/v1/invoices/{invoices[0].GetProperty("id").GetString()}/payment-intent", new { paymentMethod = "pm_card_visa" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        await (await client.PostAsJsonAsync($"/v1/invoices/{invoices[1].GetProperty("id").GetString()}/payment-intent", new { paymentMethod = "pm_nonsense" }))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public Task EveryMoneyMovement_ReconcilesInvoicesAndBalancesTheLedger() => BillingScenario.Run(app);

    [Fact]
    public async Task ACancellation_AfterAVoid_ReversesTheWriteOff_InsteadOfPayingItOut()
    {
        var (client, policy) = await Bound("TWO_PAY");
        var policyId = policy.GetProperty("id").GetString();
        var invoices = await Invoices(client, $"policyId={policyId}");
        await Ok(client.PostAsJsonAsync($"/v1/invoices/{invoices[0].GetProperty("id").GetString()}/payment-intent", new { paymentMethod = "pm_card_visa" }));
        await Ok(client.PostAsJsonAsync($"/v1/invoices/{invoices[1].GetProperty("id").GetString()}/void", new { reason = "forgiven" }));
        var cancelled = await client.PostAsJsonAsync($"/v1/policies/{policyId}/cancel", new
        {
            effectiveDate = Day(DateOnly.Parse(policy.GetProperty("effectiveDate").GetString()!)), reason = "never started", method = "flat",
        });
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());

        // A flat cancellation returns the whole premium and taxes: the voided half is no longer written off, only the
        // paid half is refunded to the card, and the ledger is left with the fees earned and nothing owed either way.
        var after = await Invoices(client, $"policyId={policyId}");
        var ledger = await Ok(client.GetAsync($"/v1/policies/{policyId}/ledger"));
        decimal Balance(string account) =>
            ledger.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("account").GetString() == account).GetProperty("balance").GetDecimal();
        Assert.Equal(ledger.GetProperty("totalDebits").GetDecimal(), ledger.GetProperty("totalCredits").GetDecimal());
        Assert.Equal(0m, Balance("bad_debt"));
        Assert.Equal(0m, after[1].GetProperty("writtenOff").GetDecimal());
        Assert.Equal(0m, Balance("premium_receivable"));
        Assert.Equal(policy.GetProperty("fees").GetDecimal(), Balance("cash"));
        Assert.Equal(invoices[0].GetProperty("total").GetDecimal() - policy.GetProperty("fees").GetDecimal(), after[0].GetProperty("amountRefunded").GetDecimal());
    }
}
