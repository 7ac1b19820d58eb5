using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Insure.Grains.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Api.Tests.Features;

/// <summary>
/// Automatic collection on the due date, retries on the configured delays, write-off, cancellation for non-payment,
/// and refunds; the clock is the organization's fake one and reminder ticks are delivered by the test.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InvoiceCollectionTests(InsureApplication app)
{
    private HttpClient? _client;

    private DateOnly Today => app.TodayOf(_client!);

    private void Advance(TimeSpan by) => app.ClockOf(_client!).Advance(by);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd");

    /// <summary>A QUARTERLY GL policy effective in 5 days; returns the policy and its invoices in due order.</summary>
    private async Task<(JsonElement Policy, JsonElement[] Invoices)> Bound()
    {
        var (_, key) = await app.CreateOrganization();
        _client = app.CreateClient(key);
        var submission = await (await _client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Collections Café",
            naicsCode = "722511",
            annualRevenue = 2_000_000,
            requestedLimit = 1_000_000,
            deductible = 1_000,
            effectiveDate = Day(Today.AddDays(5)),
            state = "TX",
            lineOfBusiness = "GL",
        })).Json();
        var id = submission.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
        var policy = await (await _client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "QUARTERLY" })).Json();
        var invoices = (await (await _client.GetAsync($"/v1/invoices?policyId={policy.GetProperty("id").GetString()}")).Json())
            .GetProperty("data").EnumerateArray().OrderBy(i => i.GetProperty("dueDate").GetString()).ToArray();
        return (policy, invoices);
    }

    private IInvoiceGrain Grain(JsonElement invoice)
    {
        Assert.True(ApiKeyFormat.TryParse(_client!.DefaultRequestHeaders.Authorization!.Parameter, out var tenant, out _));
        return app.Service<IGrainFactory>().GetGrain<IInvoiceGrain>(tenant.KeyFor(invoice.GetProperty("id").GetString()!));
    }

    private async Task<JsonElement> Get(JsonElement invoice) =>
        await (await _client!.GetAsync($"/v1/invoices/{invoice.GetProperty("id").GetString()}")).Json();

    private async Task<JsonElement> Intent(JsonElement invoice, string card)
    {
        var response = await _client!.PostAsJsonAsync($"/v1/invoices/{invoice.GetProperty("id").GetString()}/payment-intent", new { paymentMethod = card });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    /// <summary>Moves the clock to the start of <paramref name="day"/> plus <paramref name="hours"/>.</summary>
    private void MoveTo(DateOnly day, int hours = 0)
    {
        var target = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hours);
        Advance(target - app.ClockOf(_client!).GetUtcNow());
    }

    private int ChargesOf(JsonElement invoice) =>
        app.Service<SandboxPaymentGateway>().Charges.Count(c => c.InvoiceId == invoice.GetProperty("id").GetString());

    private async Task<ReminderEntry?> ReminderOf(IAddressable grain, string name) =>
        await app.Service<IReminderTable>().ReadRow(grain.GetGrainId(), name);

    [Fact]
    public async Task AFarInstallment_HasNoReminderOfItsOwn_UntilItsBillingWakesItAWeekBeforeItFallsDue()
    {
        var (policy, invoices) = await Bound();
        Assert.True(ApiKeyFormat.TryParse(_client!.DefaultRequestHeaders.Authorization!.Parameter, out var tenant, out _));
        var billing = app.Service<IGrainFactory>().GetGrain<IPolicyBillingGrain>(tenant.KeyFor(policy.GetProperty("id").GetString()!));
        // The first installment falls due in 5 days and has its reminder; the three after it, a quarter apart, do not.
        Assert.NotNull(await ReminderOf(Grain(invoices[0]), "collection"));
        foreach (var far in invoices[1..])
        {
            Assert.Null(await ReminderOf(Grain(far), "collection"));
        }
        Assert.NotNull(await ReminderOf(billing, "wake"));
        // Paying the first by card puts the card on file.
        Assert.Equal("succeeded", (await Intent(invoices[0], "pm_card_visa")).GetProperty("status").GetString());

        var secondDue = DateOnly.Parse(invoices[1].GetProperty("dueDate").GetString()!);
        MoveTo(secondDue.AddDays(-8));
        await Reminders.Fire(billing, "wake");
        Assert.Null(await ReminderOf(Grain(invoices[1]), "collection"));
        MoveTo(secondDue.AddDays(-7));
        await Reminders.Fire(billing, "wake");
        Assert.NotNull(await ReminderOf(Grain(invoices[1]), "collection"));
        Assert.Null(await ReminderOf(Grain(invoices[2]), "collection"));
        Assert.NotNull(await ReminderOf(billing, "wake"));

        // Woken, it collects on its due date as any invoice does.
        MoveTo(secondDue, hours: 9);
        await Reminders.Fire(Grain(invoices[1]), "collection");
        Assert.Equal("paid", (await Get(invoices[1])).GetProperty("status").GetString());
        Assert.Equal(1, ChargesOf(invoices[1]));
    }

    [Fact]
    public async Task OnTheDueDate_TheCardOnFileIsCharged_Once_HoweverLateOrOftenTheReminderFires()
    {
        var (_, invoices) = await Bound();
        Assert.Equal("succeeded", (await Intent(invoices[0], "pm_card_visa")).GetProperty("status").GetString());
        var second = Grain(invoices[1]);

        await Reminders.Fire(second, "collection");
        Assert.Equal("open", (await Get(invoices[1])).GetProperty("status").GetString());
        Assert.Equal(0, ChargesOf(invoices[1]));

        // Three weeks late, then two ticks at once and one more: one charge, under the slot's own idempotency key.
        MoveTo(DateOnly.Parse(invoices[1].GetProperty("dueDate").GetString()!).AddDays(21), hours: 9);
        await Task.WhenAll(Reminders.Fire(second, "collection"), Reminders.Fire(second, "collection"));
        await Reminders.Fire(second, "collection");

        var paid = await Get(invoices[1]);
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal(1, ChargesOf(invoices[1]));
        var attempt = Assert.Single(paid.GetProperty("attempts").EnumerateArray());
        Assert.Equal(("collect", $"{invoices[1].GetProperty("id").GetString()}:collect"), (attempt.GetProperty("slot").GetString(), attempt.GetProperty("idempotencyKey").GetString()));
        Assert.Equal("card", paid.GetProperty("payments")[0].GetProperty("method").GetString());
    }

    [Fact]
    public async Task ADeclinedCard_IsRetriedOnTheDelays_ThenWrittenOff_AndThePolicyIsCancelledForNonPayment()
    {
        var (policy, invoices) = await Bound();
        var declined = await Intent(invoices[0], "pm_card_chargeDeclinedInsufficientFunds");
        Assert.Equal("payment_failed", declined.GetProperty("invoice").GetProperty("status").GetString());
        var first = Grain(invoices[0]);
        var due = DateOnly.Parse(invoices[0].GetProperty("dueDate").GetString()!);

        MoveTo(due, hours: 6);
        await Reminders.Fire(first, "collection");
        var failed = await Get(invoices[0]);
        Assert.Equal("payment_failed", failed.GetProperty("status").GetString());
        var failedAt = failed.GetProperty("attempts").EnumerateArray().Last().GetProperty("at").GetDateTimeOffset();
        Assert.Equal(failedAt.AddDays(1), failed.GetProperty("nextRetryAt").GetDateTimeOffset());

        // Retries 1, 3, 5 and 7 days after the first failure; a tick between them charges nothing.
        foreach (var days in new[] { 1, 3, 5 })
        {
            Advance(failedAt.AddDays(days) - app.ClockOf(_client!).GetUtcNow());
            await Reminders.Fire(first, "collection");
            await Reminders.Fire(first, "collection");
            var next = await Get(invoices[0]);
            Assert.Equal(failedAt.AddDays(days == 1 ? 3 : days == 3 ? 5 : 7), next.GetProperty("nextRetryAt").GetDateTimeOffset());
        }
        Advance(failedAt.AddDays(7) - app.ClockOf(_client!).GetUtcNow());
        await Reminders.Fire(first, "collection");
        var uncollectible = await Get(invoices[0]);
        Assert.Equal("uncollectible", uncollectible.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, uncollectible.GetProperty("nextRetryAt").ValueKind);
        Assert.Equal(["intent-1", "collect", "retry-1", "retry-2", "retry-3", "retry-4"],
            uncollectible.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("slot").GetString()));
        Assert.Equal(6, ChargesOf(invoices[0]));
        Assert.Equal(1, (await (await _client!.GetAsync("/v1/events?type=invoice.uncollectible")).Json()).GetProperty("total").GetInt32());

        // The grace period (10 days) passes: the policy is cancelled for non-payment through its own lifecycle.
        Advance(TimeSpan.FromDays(9));
        await Reminders.Fire(first, "collection");
        var policyId = policy.GetProperty("id").GetString();
        Assert.NotEqual("cancelled", (await (await _client!.GetAsync($"/v1/policies/{policyId}")).Json()).GetProperty("status").GetString());
        Advance(TimeSpan.FromDays(1));
        await Reminders.Fire(first, "collection");
        await Reminders.Fire(first, "collection");
        // The invoice asks the policy one-way (it must not wait on it); the request lands moments later.
        var cancelled = await (await _client!.GetAsync($"/v1/policies/{policyId}")).Json();
        for (var wait = 0; wait < 100 && cancelled.GetProperty("status").GetString() != "cancelled"; wait++)
        {
            await Task.Delay(50);
            cancelled = await (await _client!.GetAsync($"/v1/policies/{policyId}")).Json();
        }
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        // A day later the invoice sees the cancellation in the read model and stops asking.
        Advance(TimeSpan.FromDays(1));
        await Reminders.Fire(first, "collection");
        await Reminders.Fire(first, "collection");
        Assert.Contains(invoices[0].GetProperty("number").GetString()!, cancelled.GetProperty("cancellation").GetProperty("reason").GetString());
        Assert.Equal(1, (await (await _client!.GetAsync("/v1/events?type=policy.cancelled")).Json()).GetProperty("total").GetInt32());

        // The ledger wrote the debt off; the cancellation's return premium was credited to the written-off invoice (the
        // unearned part is no longer owed), reversing that much of the write-off. It balances, and the receivable is
        // what the invoices still have due less what stays written off.
        var ledger = await (await _client!.GetAsync($"/v1/policies/{policyId}/ledger")).Json();
        Assert.Equal(ledger.GetProperty("totalDebits").GetDecimal(), ledger.GetProperty("totalCredits").GetDecimal());
        decimal Balance(string account) =>
            ledger.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("account").GetString() == account).GetProperty("balance").GetDecimal();
        var after = (await (await _client!.GetAsync($"/v1/invoices?policyId={policyId}")).Json()).GetProperty("data").EnumerateArray().ToList();
        Assert.InRange(Balance("bad_debt"), 0.01m, invoices[0].GetProperty("total").GetDecimal() - 0.01m);
        Assert.Equal(after.Where(i => i.GetProperty("status").GetString() != "voided").Sum(i => i.GetProperty("amountDue").GetDecimal()) - Balance("bad_debt"),
            Balance("premium_receivable"));
    }

    [Fact]
    public async Task PayingBeforeTheGracePeriodEnds_StopsTheCancellation()
    {
        var (policy, invoices) = await Bound();
        await Intent(invoices[0], "pm_card_chargeDeclined");
        var first = Grain(invoices[0]);
        MoveTo(DateOnly.Parse(invoices[0].GetProperty("dueDate").GetString()!), hours: 6);
        for (var tick = 0; tick < 5; tick++)
        {
            await Reminders.Fire(first, "collection");
            var next = (await Get(invoices[0])).GetProperty("nextRetryAt");
            if (next.ValueKind != JsonValueKind.Null)
            {
                Advance(next.GetDateTimeOffset() - app.ClockOf(_client!).GetUtcNow());
            }
        }
        Assert.Equal("uncollectible", (await Get(invoices[0])).GetProperty("status").GetString());

        var paid = await _client!.PostAsJsonAsync($"/v1/invoices/{invoices[0].GetProperty("id").GetString()}/pay",
            new { amount = invoices[0].GetProperty("total").GetDecimal(), method = "wire", reference = "fed 77" });
        Assert.Equal("paid", (await paid.Json()).GetProperty("status").GetString());
        Advance(TimeSpan.FromDays(30));
        await Reminders.Fire(first, "collection");
        Assert.NotEqual("cancelled", (await (await _client!.GetAsync($"/v1/policies/{policy.GetProperty("id").GetString()}")).Json()).GetProperty("status").GetString());
        Assert.Equal(0, (await (await _client!.GetAsync("/v1/events?type=policy.cancelled")).Json()).GetProperty("total").GetInt32());

        // The written-off debt came back to the receivable when the wire arrived: bad debt nets to zero.
        var ledger = await (await _client!.GetAsync($"/v1/policies/{policy.GetProperty("id").GetString()}/ledger")).Json();
        Assert.Equal(0m, ledger.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("account").GetString() == "bad_debt").GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task ARetryByHand_ChargesTheCardOnFile()
    {
        var (_, invoices) = await Bound();
        await Intent(invoices[0], "pm_card_chargeDeclinedExpiredCard");
        var id = invoices[0].GetProperty("id").GetString();
        var again = await (await _client!.PostAsync($"/v1/invoices/{id}/retry", null)).Json();
        Assert.Equal(("payment_failed", "expired_card"), (again.GetProperty("status").GetString(), again.GetProperty("attempts")[1].GetProperty("declineCode").GetString()));
        Assert.Equal("succeeded", (await Intent(invoices[1], "pm_card_mastercard")).GetProperty("status").GetString());
        var paid = await (await _client!.PostAsync($"/v1/invoices/{id}/retry", null)).Json();
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        await (await _client!.PostAsync($"/v1/invoices/{id}/retry", null)).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
    }

    [Fact]
    public async Task Refunds_NeverExceedWhatWasPaid_AndCardsAreRefundedThroughTheGateway()
    {
        var (policy, invoices) = await Bound();
        var id = invoices[0].GetProperty("id").GetString();
        var total = invoices[0].GetProperty("total").GetDecimal();
        await (await _client!.PostAsJsonAsync($"/v1/invoices/{id}/refund", new { amount = 1, reason = "x" })).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        await Intent(invoices[0], "pm_card_visa");

        var part = await (await _client!.PostAsJsonAsync($"/v1/invoices/{id}/refund", new { amount = 25.50, reason = "goodwill" })).Json();
        Assert.Equal(("partially_refunded", 25.50m), (part.GetProperty("status").GetString(), part.GetProperty("amountRefunded").GetDecimal()));
        Assert.StartsWith("re_", part.GetProperty("refunds")[0].GetProperty("gatewayRefundId").GetString());

        var over = await _client!.PostAsJsonAsync($"/v1/invoices/{id}/refund", new { amount = total - 25.49m, reason = "too much" });
        var error = await over.AssertError(HttpStatusCode.UnprocessableEntity, "business_rule_violation");
        Assert.Equal(("refund_exceeds_paid", (total - 25.50m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)),
            (error.GetProperty("details").GetProperty("rule").GetString(), error.GetProperty("details").GetProperty("refundable").GetString()));

        var rest = await (await _client!.PostAsJsonAsync($"/v1/invoices/{id}/refund", new { reason = "cancelled" })).Json();
        Assert.Equal(("refunded", total), (rest.GetProperty("status").GetString(), rest.GetProperty("amountRefunded").GetDecimal()));
        Assert.Equal(total, app.Service<SandboxPaymentGateway>().Refunds.Where(r => r.InvoiceId == id).Sum(r => r.Amount));
        await (await _client!.PostAsJsonAsync($"/v1/invoices/{id}/refund", new { amount = 0.01, reason = "x" })).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        await (await _client!.PostAsJsonAsync($"/v1/invoices/{id}/refund", new { amount = -1, reason = "x" })).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(2, (await (await _client!.GetAsync("/v1/events?type=payment.refunded")).Json()).GetProperty("total").GetInt32());

        var ledger = await (await _client!.GetAsync($"/v1/policies/{policy.GetProperty("id").GetString()}/ledger")).Json();
        Assert.Equal(ledger.GetProperty("totalDebits").GetDecimal(), ledger.GetProperty("totalCredits").GetDecimal());
    }

    /// <summary>The embedded Api whose gateway, while <see cref="Fail"/> is set, takes the charge and then fails to answer (a timeout).</summary>
    private sealed class UnansweredGatewayApplication() : InsureApplication(null)
    {
        public volatile bool Fail;

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<IPaymentGateway>(sp => new TakesThenFails(sp.GetRequiredService<SandboxPaymentGateway>(), this));

        private sealed class TakesThenFails(SandboxPaymentGateway inner, UnansweredGatewayApplication app) : IPaymentGateway
        {
            public async Task<GatewayIntent> CreateIntent(IntentRequest request, CancellationToken cancellationToken = default)
            {
                var intent = await inner.CreateIntent(request, cancellationToken);
                return app.Fail ? throw new HttpRequestException("the gateway took too long to answer") : intent;
            }

            public async Task<GatewayRefund> Refund(RefundRequest request, CancellationToken cancellationToken = default)
            {
                var refund = await inner.Refund(request, cancellationToken);
                return app.Fail ? throw new HttpRequestException("the gateway took too long to answer") : refund;
            }
        }
    }

    [Fact]
    public async Task AChargeTheGatewayTookButNeverAnswered_IsRecordedOnce_AndNeverChargedAgain()
    {
        await using var unanswered = new UnansweredGatewayApplication();
        var (_, key) = await unanswered.CreateOrganization();
        _client = unanswered.CreateClient(key);
        var submission = await (await _client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Timeout Tavern", naicsCode = "722511", annualRevenue = 2_000_000, requestedLimit = 1_000_000, deductible = 1_000,
            effectiveDate = Day(unanswered.TodayOf(_client).AddDays(5)), state = "TX", lineOfBusiness = "GL",
        })).Json();
        var id = submission.GetProperty("id").GetString();
        await _client.PostAsync($"/v1/submissions/{id}/quote", null);
        var policy = await (await _client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).Json();
        var invoice = (await (await _client.GetAsync($"/v1/invoices?policyId={policy.GetProperty("id").GetString()}")).Json()).GetProperty("data")[0];
        var invoiceId = invoice.GetProperty("id").GetString();
        var sandbox = unanswered.Service<SandboxPaymentGateway>();

        unanswered.Fail = true;
        await (await _client.PostAsJsonAsync($"/v1/invoices/{invoiceId}/payment-intent", new { paymentMethod = "pm_card_visa" }))
            .AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(1, sandbox.Charges.Count(c => c.InvoiceId == invoiceId));
        Assert.Equal("open", (await (await _client.GetAsync($"/v1/invoices/{invoiceId}")).Json()).GetProperty("status").GetString());

        // The next change to the invoice first settles that charge (the same request again: the gateway answers with
        // the first result), so the check recorded by hand finds the invoice already paid by card.
        unanswered.Fail = false;
        await (await _client.PostAsJsonAsync($"/v1/invoices/{invoiceId}/pay", new { amount = invoice.GetProperty("total").GetDecimal(), method = "check", reference = "chk 1" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
        var paid = await (await _client.GetAsync($"/v1/invoices/{invoiceId}")).Json();
        Assert.Equal(("paid", "card"), (paid.GetProperty("status").GetString(), paid.GetProperty("payments")[0].GetProperty("method").GetString()));
        Assert.Equal(1, paid.GetProperty("payments").GetArrayLength());
        Assert.Equal(1, sandbox.Charges.Count(c => c.InvoiceId == invoiceId));
    }

    [Fact]
    public async Task ARefundTheGatewayMadeButNeverConfirmed_IsRecordedOnce_AndNeverRefundedAgain()
    {
        await using var unanswered = new UnansweredGatewayApplication();
        var (_, key) = await unanswered.CreateOrganization();
        _client = unanswered.CreateClient(key);
        var submission = await (await _client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Refund Roadhouse", naicsCode = "722511", annualRevenue = 2_000_000, requestedLimit = 1_000_000, deductible = 1_000,
            effectiveDate = Day(unanswered.TodayOf(_client).AddDays(5)), state = "TX", lineOfBusiness = "GL",
        })).Json();
        var id = submission.GetProperty("id").GetString();
        await _client.PostAsync($"/v1/submissions/{id}/quote", null);
        var policy = await (await _client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "PIF" })).Json();
        var invoiceId = (await (await _client.GetAsync($"/v1/invoices?policyId={policy.GetProperty("id").GetString()}")).Json()).GetProperty("data")[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync($"/v1/invoices/{invoiceId}/payment-intent", new { paymentMethod = "pm_card_visa" })).StatusCode);
        var sandbox = unanswered.Service<SandboxPaymentGateway>();

        unanswered.Fail = true;
        await (await _client.PostAsJsonAsync($"/v1/invoices/{invoiceId}/refund", new { amount = 40, reason = "goodwill" }))
            .AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(40m, sandbox.Refunds.Where(r => r.InvoiceId == invoiceId).Sum(r => r.Amount));

        // The next refund first settles the unconfirmed one (sent again unchanged: the gateway answers with the first
        // result), then makes its own: 40 + 10 refunded, each once.
        unanswered.Fail = false;
        var refunded = await (await _client.PostAsJsonAsync($"/v1/invoices/{invoiceId}/refund", new { amount = 10, reason = "more goodwill" })).Json();
        Assert.Equal(50m, refunded.GetProperty("amountRefunded").GetDecimal());
        Assert.Equal([40m, 10m], refunded.GetProperty("refunds").EnumerateArray().Select(r => r.GetProperty("amount").GetDecimal()));
        Assert.Equal(50m, sandbox.Refunds.Where(r => r.InvoiceId == invoiceId).Sum(r => r.Amount));
    }
}
