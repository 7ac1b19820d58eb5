using System.Net;
using Insure.Grains.Billing;
using Stripe;

namespace Insure.Grains.Tests.Billing;

/// <summary>The Stripe adapter end to end through Stripe.net, against <see cref="StripeStandIn"/> instead of Stripe.</summary>
public sealed class StripePaymentGatewayTests
{
    private const string Key = "sk_test_standin";

    private static readonly IntentRequest Charge =
        new(1234.56m, "USD", "inv_1:attempt:2025-03-01", "pm_card_visa", true, "inv_1", "pol_1", "Instalment 3 of 12");

    [Fact]
    public async Task CreateIntent_PostsTheMappedForm_WithKeyAndIdempotencyHeader_AndReadsTheIntent()
    {
        await using var stripe = new StripeStandIn(_ => (HttpStatusCode.OK, """
            {"id":"pi_1","object":"payment_intent","amount":123456,"currency":"usd","status":"succeeded",
             "client_secret":"pi_1_secret_x","payment_method":"pm_1AbC"}
            """));
        var gateway = new StripePaymentGateway(stripe.Client(Key));

        var intent = await gateway.CreateIntent(Charge);

        Assert.Equal(new GatewayIntent("pi_1", "pi_1_secret_x", "succeeded", 1234.56m, "USD", "pm_1AbC", null, null), intent);
        var sent = Assert.Single(stripe.Requests);
        Assert.Equal(("POST", "/v1/payment_intents"), (sent.Method, sent.Path));
        Assert.Equal("Bearer " + Key, sent.Authorization);
        Assert.Equal("inv_1:attempt:2025-03-01", sent.IdempotencyKey);
        Assert.Equal("123456", sent.Form["amount"]);
        Assert.Equal("usd", sent.Form["currency"]);
        Assert.Equal("pm_card_visa", sent.Form["payment_method"]);
        Assert.Equal("true", sent.Form["confirm"]);
        Assert.Equal("true", sent.Form["off_session"]);
        Assert.Equal("never", sent.Form["automatic_payment_methods[allow_redirects]"]);
        Assert.Equal("inv_1", sent.Form["metadata[invoice_id]"]);
        Assert.Equal("pol_1", sent.Form["metadata[policy_id]"]);
        Assert.Equal("Instalment 3 of 12", sent.Form["description"]);
    }

    [Fact]
    public async Task CreateIntent_CardDecline_IsAResult_WithTheDeclineCode()
    {
        await using var stripe = new StripeStandIn(_ => (HttpStatusCode.PaymentRequired, """
            {"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds",
              "message":"Your card has insufficient funds.",
              "payment_intent":{"id":"pi_2","object":"payment_intent","amount":123456,"currency":"usd",
                                "status":"requires_payment_method","client_secret":"pi_2_secret_y"}}}
            """));
        var gateway = new StripePaymentGateway(stripe.Client(Key));

        var intent = await gateway.CreateIntent(Charge with { PaymentMethod = "pm_card_chargeDeclinedInsufficientFunds" });

        Assert.Equal(
            new GatewayIntent("pi_2", "pi_2_secret_y", "requires_payment_method", 1234.56m, "USD",
                "pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds", "Your card has insufficient funds."),
            intent);
    }

    [Fact]
    public async Task CreateIntent_UnknownPaymentMethod_ThrowsPaymentMethodNotFound()
    {
        await using var stripe = new StripeStandIn(_ => (HttpStatusCode.BadRequest, """
            {"error":{"type":"invalid_request_error","code":"resource_missing","param":"payment_method",
              "message":"No such PaymentMethod: 'pm_nope'"}}
            """));
        var gateway = new StripePaymentGateway(stripe.Client(Key));

        var e = await Assert.ThrowsAsync<PaymentMethodNotFoundException>(() => gateway.CreateIntent(Charge with { PaymentMethod = "pm_nope" }));

        Assert.Equal("pm_nope", e.PaymentMethod);
    }

    [Fact]
    public async Task CreateIntent_IdempotencyError_ThrowsIdempotencyKeyReused()
    {
        await using var stripe = new StripeStandIn(_ => (HttpStatusCode.BadRequest, """
            {"error":{"type":"idempotency_error",
              "message":"Keys for idempotent requests can only be used with the same parameters they were first used with."}}
            """));
        var gateway = new StripePaymentGateway(stripe.Client(Key));

        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => gateway.CreateIntent(Charge));
    }

    [Fact]
    public async Task CreateIntent_StripeFailure_PropagatesAsStripeException()
    {
        await using var stripe = new StripeStandIn(_ => (HttpStatusCode.InternalServerError, """
            {"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}
            """));
        var gateway = new StripePaymentGateway(stripe.Client(Key));

        var e = await Assert.ThrowsAsync<StripeException>(() => gateway.CreateIntent(Charge));

        Assert.Equal("api_error", e.StripeError?.Type);
    }

    [Fact]
    public async Task Refund_PostsTheMappedForm_AndReadsTheRefund()
    {
        await using var stripe = new StripeStandIn(_ => (HttpStatusCode.OK, """
            {"id":"re_1","object":"refund","amount":4550,"currency":"usd","status":"succeeded","payment_intent":"pi_1"}
            """));
        var gateway = new StripePaymentGateway(stripe.Client(Key));

        var refund = await gateway.Refund(new RefundRequest("pi_1", 45.50m, "USD", "inv_1:refund:1", "inv_1", "pol_1", "cancelled mid-term"));

        Assert.Equal(new GatewayRefund("re_1", "succeeded", 45.5m, "USD", null), refund);
        var sent = Assert.Single(stripe.Requests);
        Assert.Equal(("POST", "/v1/refunds"), (sent.Method, sent.Path));
        Assert.Equal("inv_1:refund:1", sent.IdempotencyKey);
        Assert.Equal("pi_1", sent.Form["payment_intent"]);
        Assert.Equal("4550", sent.Form["amount"]);
        Assert.Equal("requested_by_customer", sent.Form["reason"]);
        Assert.Equal("cancelled mid-term", sent.Form["metadata[reason]"]);
        Assert.Equal("inv_1", sent.Form["metadata[invoice_id]"]);
        Assert.Equal("pol_1", sent.Form["metadata[policy_id]"]);
    }

    [Fact]
    public async Task CreateIntent_AmountTheCurrencyCannotCarry_IsRefusedBeforeAnyRequest()
    {
        await using var stripe = new StripeStandIn(_ => (HttpStatusCode.OK, "{}"));
        var gateway = new StripePaymentGateway(stripe.Client(Key));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => gateway.CreateIntent(Charge with { Amount = 10.5m, Currency = "JPY" }));

        Assert.Empty(stripe.Requests);
    }
}
