using Stripe;

namespace Insure.Grains.Billing;

/// <summary>
/// What <see cref="StripePaymentGateway"/> sends to Stripe and how it reads the answer, as pure functions so the
/// mapping is tested without a network.
/// </summary>
internal static class StripeMapping
{
    public const string InvoiceIdKey = "invoice_id";
    public const string PolicyIdKey = "policy_id";
    public const string ReasonKey = "reason";

    /// <summary>Stripe's only reason values are duplicate, fraudulent and requested_by_customer; ours goes in metadata.</summary>
    public const string RefundReason = "requested_by_customer";

    // Stripe refuses metadata values over 500 characters; a long free-text reason is cut rather than failing the refund.
    private const int MaxMetadataValue = 500;

    /// <summary>The create-intent call for <paramref name="request"/>: amount in minor units, idempotency key on the request options.</summary>
    public static (PaymentIntentCreateOptions Options, RequestOptions Request) ToCreateOptions(IntentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var currency = GatewayAmounts.Currency(request.Currency, nameof(request.Currency));
        // Without a method there is nothing to confirm (Stripe would refuse); the customer pays later with the client secret.
        var confirm = request.Confirm && request.PaymentMethod is not null;
        var options = new PaymentIntentCreateOptions
        {
            Amount = GatewayAmounts.ToMinor(request.Amount, currency, nameof(request.Amount)),
            Currency = currency.ToLowerInvariant(),
            PaymentMethod = request.PaymentMethod,
            Description = request.Description,
            Metadata = new Dictionary<string, string>
            {
                [InvoiceIdKey] = request.InvoiceId,
                [PolicyIdKey] = request.PolicyId,
            },
        };
        if (confirm)
        {
            options.Confirm = true;
            // A stored method charged by a reminder: the customer is not there to authenticate, and nobody can
            // follow a redirect, so redirect-based methods are ruled out instead of needing a return_url.
            options.OffSession = true;
            options.AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" };
        }
        return (options, IdempotentRequest(request.IdempotencyKey));
    }

    /// <summary>The refund call for <paramref name="request"/>: amount in minor units, our reason in metadata.</summary>
    public static (RefundCreateOptions Options, RequestOptions Request) ToRefundOptions(RefundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PaymentIntentId, nameof(request.PaymentIntentId));
        var currency = GatewayAmounts.Currency(request.Currency, nameof(request.Currency));
        var options = new RefundCreateOptions
        {
            PaymentIntent = request.PaymentIntentId,
            Amount = GatewayAmounts.ToMinor(request.Amount, currency, nameof(request.Amount)),
            Reason = RefundReason,
            Metadata = new Dictionary<string, string>
            {
                [InvoiceIdKey] = request.InvoiceId,
                [PolicyIdKey] = request.PolicyId,
                [ReasonKey] = request.Reason.Length > MaxMetadataValue ? request.Reason[..MaxMetadataValue] : request.Reason,
            },
        };
        return (options, IdempotentRequest(request.IdempotencyKey));
    }

    /// <summary>Stripe's payment intent as Insure sees it: major units, upper-case currency, the last decline if any.</summary>
    public static GatewayIntent ToGatewayIntent(PaymentIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var error = intent.LastPaymentError;
        return new GatewayIntent(
            intent.Id,
            intent.ClientSecret,
            intent.Status,
            GatewayAmounts.FromMinor(intent.Amount, intent.Currency),
            GatewayAmounts.Currency(intent.Currency),
            intent.PaymentMethodId,
            error is null ? null : error.DeclineCode ?? error.Code,
            error?.Message);
    }

    /// <summary>Stripe's refund as Insure sees it.</summary>
    public static GatewayRefund ToGatewayRefund(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return new GatewayRefund(
            refund.Id,
            refund.Status,
            GatewayAmounts.FromMinor(refund.Amount, refund.Currency),
            GatewayAmounts.Currency(refund.Currency),
            refund.FailureReason);
    }

    /// <summary>
    /// A card error is a decline, which the contract reports as a result: the intent Stripe left behind
    /// (`requires_payment_method`) with the decline code. Null for any other error.
    /// </summary>
    public static GatewayIntent? ToDeclinedIntent(StripeException exception, IntentRequest request)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(request);
        if (exception.StripeError is not { Type: "card_error" } error)
        {
            return null;
        }
        // Stripe names the reason in decline_code for issuer declines and only in code for some (expired_card, incorrect_cvc).
        var declineCode = error.DeclineCode ?? error.Code ?? "card_declined";
        var intent = error.PaymentIntent;
        return new GatewayIntent(
            intent?.Id ?? "",
            intent?.ClientSecret ?? "",
            "requires_payment_method",
            request.Amount,
            GatewayAmounts.Currency(request.Currency),
            request.PaymentMethod,
            declineCode,
            error.Message ?? exception.Message);
    }

    /// <summary>
    /// The contract's exception for a Stripe error that is the caller's mistake rather than Stripe failing:
    /// an unknown payment method or a reused idempotency key. Null when the Stripe error should travel as it is.
    /// </summary>
    public static Exception? ToGatewayException(StripeException exception, string? paymentMethod, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StripeError switch
        {
            // idempotency_key_in_use is the same request still running: Stripe.net retries that one itself.
            { Type: "idempotency_error", Code: not "idempotency_key_in_use" } => new IdempotencyKeyReusedException(idempotencyKey, exception),
            { Code: "resource_missing", Param: "payment_method" } when paymentMethod is not null =>
                new PaymentMethodNotFoundException(paymentMethod, exception),
            _ => null,
        };
    }

    private static RequestOptions IdempotentRequest(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return new RequestOptions { IdempotencyKey = idempotencyKey };
    }
}
