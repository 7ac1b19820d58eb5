using Insure.Grains.Billing;

namespace Insure.Grains.Tests.Billing;

public sealed class SandboxPaymentGatewayTests
{
    private static IntentRequest Charge(string key, string? method = "pm_card_visa", decimal amount = 120.50m, bool confirm = true) =>
        new(amount, "USD", key, method, confirm, "inv_1", "pol_1", "Premium instalment 1");

    private static RefundRequest RefundOf(string intentId, decimal amount, string key) =>
        new(intentId, amount, "USD", key, "inv_1", "pol_1", "policy cancelled mid-term");

    [Theory]
    [InlineData("pm_card_visa")]
    [InlineData("pm_card_mastercard")]
    [InlineData("pm_card_amex")]
    public async Task CreateIntent_WithGoodTestCard_Succeeds_AndChargesOnce(string card)
    {
        var gateway = new SandboxPaymentGateway();

        var intent = await gateway.CreateIntent(Charge("k1", card));

        Assert.Equal("succeeded", intent.Status);
        Assert.StartsWith("pi_", intent.Id);
        Assert.StartsWith(intent.Id + "_secret_", intent.ClientSecret);
        Assert.Equal(120.50m, intent.Amount);
        Assert.Equal("USD", intent.Currency);
        Assert.Equal(card, intent.PaymentMethod);
        Assert.Null(intent.DeclineCode);
        Assert.Null(intent.FailureMessage);
        var charge = Assert.Single(gateway.Charges);
        Assert.Equal(new SandboxCharge(intent.Id, "k1", 120.50m, "USD", card, "inv_1", "pol_1", "succeeded", null), charge);
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", "generic_decline", "Your card was declined.")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds", "Your card has insufficient funds.")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", "expired_card", "Your card has expired.")]
    public async Task CreateIntent_WithDecliningTestCard_ReturnsStripesDeclineCode(string card, string code, string message)
    {
        var gateway = new SandboxPaymentGateway();

        var intent = await gateway.CreateIntent(Charge("k1", card));

        Assert.Equal("requires_payment_method", intent.Status);
        Assert.Equal(code, intent.DeclineCode);
        Assert.Equal(message, intent.FailureMessage);
        var charge = Assert.Single(gateway.Charges);
        Assert.Equal(("declined", code), (charge.Outcome, charge.DeclineCode));
    }

    [Fact]
    public async Task CreateIntent_WithoutPaymentMethod_WaitsForOne_AndChargesNothing()
    {
        var gateway = new SandboxPaymentGateway();

        var intent = await gateway.CreateIntent(Charge("k1", method: null));

        Assert.Equal("requires_payment_method", intent.Status);
        Assert.Null(intent.PaymentMethod);
        Assert.Null(intent.DeclineCode);
        Assert.StartsWith(intent.Id + "_secret_", intent.ClientSecret);
        Assert.Empty(gateway.Charges);
    }

    [Fact]
    public async Task CreateIntent_WithMethodButNoConfirm_RequiresConfirmation_AndChargesNothing()
    {
        var gateway = new SandboxPaymentGateway();

        var intent = await gateway.CreateIntent(Charge("k1", confirm: false));

        Assert.Equal("requires_confirmation", intent.Status);
        Assert.Empty(gateway.Charges);
    }

    [Fact]
    public async Task CreateIntent_SameKeyTwice_ReturnsFirstResult_AndChargesOnce()
    {
        var gateway = new SandboxPaymentGateway();

        var first = await gateway.CreateIntent(Charge("slot-2025-03-01"));
        var second = await gateway.CreateIntent(Charge("slot-2025-03-01"));
        var other = await gateway.CreateIntent(Charge("slot-2025-04-01"));

        Assert.Equal(first, second);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(["slot-2025-03-01", "slot-2025-04-01"], gateway.Charges.Select(c => c.IdempotencyKey));
    }

    [Fact]
    public async Task CreateIntent_SameKeyAfterDecline_ReturnsTheDecline_WithoutAnotherAttempt()
    {
        var gateway = new SandboxPaymentGateway();

        var first = await gateway.CreateIntent(Charge("k1", "pm_card_chargeDeclinedInsufficientFunds"));
        var again = await gateway.CreateIntent(Charge("k1", "pm_card_chargeDeclinedInsufficientFunds"));

        Assert.Equal(first, again);
        Assert.Single(gateway.Charges);
    }

    [Fact]
    public async Task CreateIntent_FiftyConcurrentCallsWithOneKey_ChargeOnce()
    {
        var gateway = new SandboxPaymentGateway();
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 50)
            .Select(_ => Task.Run(() =>
            {
                start.Wait();
                return gateway.CreateIntent(Charge("reminder-tick-7"));
            }))
            .ToList();

        start.Set();
        var intents = await Task.WhenAll(calls);

        Assert.Single(intents.Distinct());
        var charge = Assert.Single(gateway.Charges);
        Assert.Equal(intents[0].Id, charge.PaymentIntentId);
    }

    [Fact]
    public async Task CreateIntent_KeyReusedWithAnotherRequest_IsRefused_AndChargesNothingMore()
    {
        var gateway = new SandboxPaymentGateway();
        await gateway.CreateIntent(Charge("k1", amount: 100m));

        var e = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => gateway.CreateIntent(Charge("k1", amount: 101m)));
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => gateway.CreateIntent(Charge("k1", "pm_card_mastercard", 100m)));

        Assert.Equal("k1", e.IdempotencyKey);
        Assert.Single(gateway.Charges);
    }

    [Fact]
    public async Task Refund_WithAnIntentsKey_IsRefused()
    {
        var gateway = new SandboxPaymentGateway();
        var intent = await gateway.CreateIntent(Charge("k1"));

        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => gateway.Refund(RefundOf(intent.Id, 10m, "k1")));
        Assert.Empty(gateway.Refunds);
    }

    [Fact]
    public async Task CreateIntent_WithUnknownPaymentMethod_IsRefused_AndChargesNothing()
    {
        var gateway = new SandboxPaymentGateway();

        var e = await Assert.ThrowsAsync<PaymentMethodNotFoundException>(() => gateway.CreateIntent(Charge("k1", "pm_card_nonsense")));

        Assert.Equal("pm_card_nonsense", e.PaymentMethod);
        Assert.Empty(gateway.Charges);
        // A refused request is not remembered, as with Stripe: the key still works for a good request.
        Assert.Equal("succeeded", (await gateway.CreateIntent(Charge("k1"))).Status);
    }

    [Theory]
    [InlineData(0, "USD")]
    [InlineData(-5, "USD")]
    [InlineData(12.345, "USD")]
    [InlineData(1000.5, "JPY")]
    [InlineData(10, "US")]
    [InlineData(10, "U$D")]
    [InlineData(10, "")]
    public async Task CreateIntent_WithBadAmountOrCurrency_ThrowsArgumentException(decimal amount, string currency)
    {
        var gateway = new SandboxPaymentGateway();

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            gateway.CreateIntent(new IntentRequest(amount, currency, "k1", "pm_card_visa", true, "inv_1", "pol_1", "x")));
        Assert.Empty(gateway.Charges);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public async Task CreateIntent_WithoutIdempotencyKey_ThrowsArgumentException(string? key)
    {
        var gateway = new SandboxPaymentGateway();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.CreateIntent(Charge(key!)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.CreateIntent(Charge(new string('k', 256))));
        Assert.Empty(gateway.Charges);
    }

    [Fact]
    public async Task CreateIntent_InZeroDecimalCurrency_TakesWholeAmounts()
    {
        var gateway = new SandboxPaymentGateway();

        var intent = await gateway.CreateIntent(new IntentRequest(1000m, "jpy", "k1", "pm_card_visa", true, "inv_1", "pol_1", "x"));

        Assert.Equal(("succeeded", 1000m, "JPY"), (intent.Status, intent.Amount, intent.Currency));
    }

    [Fact]
    public async Task Refund_PartialRefunds_UpToTheAmount_ThenRefused()
    {
        var gateway = new SandboxPaymentGateway();
        var intent = await gateway.CreateIntent(Charge("k1", amount: 100m));

        var first = await gateway.Refund(RefundOf(intent.Id, 60m, "r1"));
        var second = await gateway.Refund(RefundOf(intent.Id, 40m, "r2"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.Refund(RefundOf(intent.Id, 0.01m, "r3")));

        Assert.Equal(("succeeded", 60m, "USD"), (first.Status, first.Amount, first.Currency));
        Assert.StartsWith("re_", first.Id);
        Assert.Equal("succeeded", second.Status);
        Assert.Equal([60m, 40m], gateway.Refunds.Select(r => r.Amount));
        Assert.Equal(
            new SandboxRefund(first.Id, intent.Id, "r1", 60m, "USD", "inv_1", "pol_1", "policy cancelled mid-term"),
            gateway.Refunds[0]);
    }

    [Fact]
    public async Task Refund_MoreThanTheAmount_IsRefused()
    {
        var gateway = new SandboxPaymentGateway();
        var intent = await gateway.CreateIntent(Charge("k1", amount: 100m));

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.Refund(RefundOf(intent.Id, 100.01m, "r1")));
        Assert.Empty(gateway.Refunds);
    }

    [Fact]
    public async Task Refund_SameKeyTwice_RefundsOnce()
    {
        var gateway = new SandboxPaymentGateway();
        var intent = await gateway.CreateIntent(Charge("k1", amount: 100m));

        var first = await gateway.Refund(RefundOf(intent.Id, 70m, "r1"));
        var again = await gateway.Refund(RefundOf(intent.Id, 70m, "r1"));
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => gateway.Refund(RefundOf(intent.Id, 30m, "r1")));

        Assert.Equal(first, again);
        Assert.Single(gateway.Refunds);
    }

    [Fact]
    public async Task Refund_ConcurrentRefunds_NeverExceedTheAmount()
    {
        var gateway = new SandboxPaymentGateway();
        var intent = await gateway.CreateIntent(Charge("k1", amount: 100m));
        using var start = new ManualResetEventSlim();
        var calls = Enumerable.Range(0, 25)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await gateway.Refund(RefundOf(intent.Id, 10m, $"r{i}"));
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }))
            .ToList();

        start.Set();
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal(10, outcomes.Count(ok => ok));
        Assert.Equal(100m, gateway.Refunds.Sum(r => r.Amount));
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", true)]
    [InlineData(null, true)]
    [InlineData("pm_card_visa", false)]
    public async Task Refund_OfAnIntentThatDidNotSucceed_IsRefused(string? method, bool confirm)
    {
        var gateway = new SandboxPaymentGateway();
        var intent = await gateway.CreateIntent(Charge("k1", method, confirm: confirm));

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.Refund(RefundOf(intent.Id, 1m, "r1")));
        Assert.Empty(gateway.Refunds);
    }

    [Fact]
    public async Task Refund_OfUnknownIntent_IsRefused()
    {
        var gateway = new SandboxPaymentGateway();

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.Refund(RefundOf("pi_unknown", 1m, "r1")));
    }

    [Fact]
    public async Task Refund_InAnotherCurrency_IsRefused()
    {
        var gateway = new SandboxPaymentGateway();
        var intent = await gateway.CreateIntent(Charge("k1", amount: 100m));

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            gateway.Refund(new RefundRequest(intent.Id, 10m, "EUR", "r1", "inv_1", "pol_1", "x")));
        Assert.Empty(gateway.Refunds);
    }
}
