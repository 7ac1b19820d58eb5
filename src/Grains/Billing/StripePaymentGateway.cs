using Stripe;

namespace Insure.Grains.Billing;

/// <summary>
/// Stripe, through Stripe.net, with the account's secret key. Declines come back as results; an unknown payment
/// method and a reused idempotency key become the contract's exceptions; any other Stripe error propagates as a
/// <see cref="StripeException"/> (the gateway failed, and the charge may be retried with the same key).
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway
{
    private readonly StripeClient _client;

    /// <summary>A gateway for the account whose secret key (`sk_...` or restricted `rk_...`) this is.</summary>
    public StripePaymentGateway(string secretKey)
        : this(new StripeClient(RequireKey(secretKey)))
    {
    }

    /// <summary>A gateway over a client the caller built (tests point one at a local stand-in for api.stripe.com).</summary>
    internal StripePaymentGateway(StripeClient client) => _client = client;

    /// <inheritdoc />
    public async Task<GatewayIntent> CreateIntent(IntentRequest request, CancellationToken cancellationToken = default)
    {
        var (options, requestOptions) = StripeMapping.ToCreateOptions(request);
        try
        {
            var intent = await _client.V1.PaymentIntents.CreateAsync(options, requestOptions, cancellationToken);
            return StripeMapping.ToGatewayIntent(intent);
        }
        catch (StripeException e) when (StripeMapping.ToDeclinedIntent(e, request) is { } declined)
        {
            return declined;
        }
        catch (StripeException e) when (StripeMapping.ToGatewayException(e, request.PaymentMethod, request.IdempotencyKey) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task<GatewayRefund> Refund(RefundRequest request, CancellationToken cancellationToken = default)
    {
        var (options, requestOptions) = StripeMapping.ToRefundOptions(request);
        try
        {
            var refund = await _client.V1.Refunds.CreateAsync(options, requestOptions, cancellationToken);
            return StripeMapping.ToGatewayRefund(refund);
        }
        catch (StripeException e) when (StripeMapping.ToGatewayException(e, null, request.IdempotencyKey) is { } mapped)
        {
            throw mapped;
        }
    }

    private static string RequireKey(string secretKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretKey);
        return secretKey;
    }
}
