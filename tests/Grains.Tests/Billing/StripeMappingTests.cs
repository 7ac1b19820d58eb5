using System.Net;
using Insure.Grains.Billing;
using Stripe;

namespace Insure.Grains.Tests.Billing;

public sealed class StripeMappingTests
{
    private static IntentRequest Charge(decimal amount = 1234.56m, string currency = "USD", string? method = "pm_card_visa", bool confirm = true) =>
        new(amount, currency, "inv_1:attempt:2025-03-01", method, confirm, "inv_1", "pol_1", "Policy pol_1, instalment 3 of 12");

    [Theory]
    [InlineData(1234.56, "USD", 123456)]
    [InlineData(0.5, "usd", 50)]
    [InlineData(10, "EUR", 1000)]
    [InlineData(1000, "JPY", 1000)]
    [InlineData(1000, "KRW", 1000)]
    [InlineData(25000, "VND", 25000)]
    [InlineData(1500, "CLP", 1500)]
    [InlineData(3000, "XOF", 3000)]
    [InlineData(3000, "UGX", 3000)]
    [InlineData(12.34, "KWD", 12340)]
    [InlineData(5, "ISK", 500)]
    public void ToCreateOptions_AmountIsInTheCurrencysMinorUnit(decimal amount, string currency, long minor)
    {
        var (options, _) = StripeMapping.ToCreateOptions(Charge(amount, currency));

        Assert.Equal(minor, options.Amount);
    }

    [Theory]
    [InlineData(12.345, "USD")]
    [InlineData(0.001, "USD")]
    [InlineData(1000.5, "JPY")]
    [InlineData(12.345, "KWD")]
    [InlineData(5.5, "ISK")]
    [InlineData(0, "USD")]
    [InlineData(-1, "USD")]
    public void ToCreateOptions_RefusesAmountsTheCurrencyCannotCarry_InsteadOfRounding(decimal amount, string currency)
    {
        Assert.ThrowsAny<ArgumentException>(() => StripeMapping.ToCreateOptions(Charge(amount, currency)));
    }

    [Theory]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("U1D")]
    public void ToCreateOptions_RefusesACurrencyThatIsNotThreeLetters(string currency)
    {
        Assert.ThrowsAny<ArgumentException>(() => StripeMapping.ToCreateOptions(Charge(currency: currency)));
    }

    [Fact]
    public void ToCreateOptions_ConfirmingAStoredMethod_ChargesOffSession_WithKeyAndMetadata()
    {
        var (options, request) = StripeMapping.ToCreateOptions(Charge(currency: "USD"));

        Assert.Equal("usd", options.Currency);
        Assert.Equal("pm_card_visa", options.PaymentMethod);
        Assert.True(options.Confirm);
        Assert.True(options.OffSession);
        Assert.Equal("never", options.AutomaticPaymentMethods?.AllowRedirects);
        Assert.Equal("Policy pol_1, instalment 3 of 12", options.Description);
        Assert.Equal(new Dictionary<string, string> { ["invoice_id"] = "inv_1", ["policy_id"] = "pol_1" }, options.Metadata);
        Assert.Equal("inv_1:attempt:2025-03-01", request.IdempotencyKey);
        Assert.Null(request.ApiKey);
    }

    [Theory]
    [InlineData("pm_card_visa", false)]
    [InlineData(null, true)]
    [InlineData(null, false)]
    public void ToCreateOptions_WithoutConfirmOrMethod_DoesNotCharge(string? method, bool confirm)
    {
        var (options, request) = StripeMapping.ToCreateOptions(Charge(method: method, confirm: confirm));

        Assert.Null(options.Confirm);
        Assert.Null(options.OffSession);
        Assert.Null(options.AutomaticPaymentMethods);
        Assert.Equal(method, options.PaymentMethod);
        Assert.Equal("inv_1:attempt:2025-03-01", request.IdempotencyKey);
    }

    [Fact]
    public void ToCreateOptions_WithoutIdempotencyKey_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => StripeMapping.ToCreateOptions(Charge() with { IdempotencyKey = " " }));
    }

    [Fact]
    public void ToGatewayIntent_ReadsMajorUnitsAndUpperCaseCurrency()
    {
        var intent = new PaymentIntent
        {
            Id = "pi_123",
            ClientSecret = "pi_123_secret_abc",
            Status = "succeeded",
            Amount = 123456,
            Currency = "usd",
            PaymentMethodId = "pm_card_visa",
        };

        Assert.Equal(
            new GatewayIntent("pi_123", "pi_123_secret_abc", "succeeded", 1234.56m, "USD", "pm_card_visa", null, null),
            StripeMapping.ToGatewayIntent(intent));
        Assert.Equal(1000m, StripeMapping.ToGatewayIntent(new PaymentIntent { Id = "pi_1", Status = "succeeded", Amount = 1000, Currency = "jpy" }).Amount);
        Assert.Equal(12.34m, StripeMapping.ToGatewayIntent(new PaymentIntent { Id = "pi_1", Status = "succeeded", Amount = 12340, Currency = "kwd" }).Amount);
    }

    [Fact]
    public void ToGatewayIntent_CarriesTheLastDecline()
    {
        var intent = new PaymentIntent
        {
            Id = "pi_123",
            Status = "requires_payment_method",
            Amount = 5000,
            Currency = "eur",
            LastPaymentError = new StripeError { Type = "card_error", Code = "card_declined", DeclineCode = "insufficient_funds", Message = "Your card has insufficient funds." },
        };

        var mapped = StripeMapping.ToGatewayIntent(intent);

        Assert.Equal(("requires_payment_method", "insufficient_funds", "Your card has insufficient funds."), (mapped.Status, mapped.DeclineCode, mapped.FailureMessage));
    }

    [Fact]
    public void ToDeclinedIntent_CardError_IsADeclineResult_WithStripesDeclineCode()
    {
        var error = new StripeError
        {
            Type = "card_error",
            Code = "card_declined",
            DeclineCode = "generic_decline",
            Message = "Your card was declined.",
            PaymentIntent = new PaymentIntent { Id = "pi_9", ClientSecret = "pi_9_secret_x" },
        };
        var exception = new StripeException(HttpStatusCode.PaymentRequired, error, error.Message);

        var declined = StripeMapping.ToDeclinedIntent(exception, Charge(method: "pm_card_chargeDeclined"));

        Assert.Equal(
            new GatewayIntent("pi_9", "pi_9_secret_x", "requires_payment_method", 1234.56m, "USD", "pm_card_chargeDeclined", "generic_decline", "Your card was declined."),
            declined);
    }

    [Fact]
    public void ToDeclinedIntent_CardErrorWithoutDeclineCode_UsesTheErrorCode()
    {
        var error = new StripeError { Type = "card_error", Code = "expired_card", Message = "Your card has expired." };

        var declined = StripeMapping.ToDeclinedIntent(new StripeException(HttpStatusCode.PaymentRequired, error, error.Message), Charge());

        Assert.Equal(("expired_card", "Your card has expired."), (declined?.DeclineCode, declined?.FailureMessage));
    }

    [Theory]
    [InlineData("api_error", null, null)]
    [InlineData("invalid_request_error", "resource_missing", "payment_method")]
    [InlineData("idempotency_error", null, null)]
    public void ToDeclinedIntent_OtherErrors_AreNotDeclines(string type, string? code, string? param)
    {
        var error = new StripeError { Type = type, Code = code, Param = param, Message = "x" };

        Assert.Null(StripeMapping.ToDeclinedIntent(new StripeException(HttpStatusCode.BadRequest, error, "x"), Charge()));
    }

    [Fact]
    public void ToGatewayException_MapsCallerMistakes_AndLeavesGatewayFailures()
    {
        StripeException Error(string type, string? code = null, string? param = null) =>
            new(HttpStatusCode.BadRequest, new StripeError { Type = type, Code = code, Param = param, Message = "x" }, "x");

        var missing = StripeMapping.ToGatewayException(Error("invalid_request_error", "resource_missing", "payment_method"), "pm_nope", "k1");
        var reused = StripeMapping.ToGatewayException(Error("idempotency_error"), "pm_card_visa", "k1");

        Assert.Equal("pm_nope", Assert.IsType<PaymentMethodNotFoundException>(missing).PaymentMethod);
        Assert.Equal("k1", Assert.IsType<IdempotencyKeyReusedException>(reused).IdempotencyKey);
        Assert.Null(StripeMapping.ToGatewayException(Error("idempotency_error", "idempotency_key_in_use"), "pm_card_visa", "k1"));
        Assert.Null(StripeMapping.ToGatewayException(Error("invalid_request_error", "resource_missing", "payment_intent"), null, "k1"));
        Assert.Null(StripeMapping.ToGatewayException(Error("api_error"), "pm_card_visa", "k1"));
        Assert.Null(StripeMapping.ToGatewayException(new StripeException("network down"), "pm_card_visa", "k1"));
    }

    [Fact]
    public void ToRefundOptions_SendsMinorAmount_StripeReason_AndOursInMetadata()
    {
        var (options, request) = StripeMapping.ToRefundOptions(
            new RefundRequest("pi_123", 45.5m, "USD", "inv_1:refund:1", "inv_1", "pol_1", "policy cancelled mid-term"));

        Assert.Equal("pi_123", options.PaymentIntent);
        Assert.Equal(4550, options.Amount);
        Assert.Equal("requested_by_customer", options.Reason);
        Assert.Equal(
            new Dictionary<string, string> { ["invoice_id"] = "inv_1", ["policy_id"] = "pol_1", ["reason"] = "policy cancelled mid-term" },
            options.Metadata);
        Assert.Equal("inv_1:refund:1", request.IdempotencyKey);
    }

    [Fact]
    public void ToRefundOptions_CutsAReasonLongerThanStripesMetadataLimit()
    {
        var (options, _) = StripeMapping.ToRefundOptions(new RefundRequest("pi_1", 1m, "USD", "k", "inv_1", "pol_1", new string('r', 800)));

        Assert.Equal(500, options.Metadata["reason"].Length);
    }

    [Fact]
    public void ToRefundOptions_RefusesSubMinorAmounts()
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            StripeMapping.ToRefundOptions(new RefundRequest("pi_1", 10.5m, "JPY", "k", "inv_1", "pol_1", "x")));
    }

    [Fact]
    public void ToGatewayRefund_ReadsMajorUnits()
    {
        var refund = new Refund { Id = "re_1", Status = "pending", Amount = 4550, Currency = "usd" };

        Assert.Equal(new GatewayRefund("re_1", "pending", 45.5m, "USD", null), StripeMapping.ToGatewayRefund(refund));
    }
}
