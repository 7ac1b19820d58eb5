namespace Insure.Grains.Billing;

/// <summary>
/// Where card payments and refunds go. Amounts are in major units (dollars); an implementation converts to the
/// gateway's minor units. Every call carries an idempotency key: the same key never charges or refunds twice.
/// A decline is a result (status and decline code), not an exception; exceptions mean the gateway could not be reached,
/// except these, which mean the request itself was wrong and nothing was charged or refunded:
/// <see cref="PaymentMethodNotFoundException"/> (no such payment method), <see cref="IdempotencyKeyReusedException"/>
/// (the key was first used with a different request) and <see cref="ArgumentException"/> (an amount that is not positive
/// or not whole in the currency's minor unit, or a currency that is not a three-letter code).
/// Amounts and currencies come back in major units and upper-case ISO codes (`USD`), whatever the gateway speaks.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Creates a payment intent; with a payment method and <see cref="IntentRequest.Confirm"/> it is charged at once.</summary>
    Task<GatewayIntent> CreateIntent(IntentRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Refunds part or all of a succeeded payment intent. Refunding an intent that did not succeed, or more than is
    /// left of it, throws <see cref="InvalidOperationException"/> from the sandbox (Stripe answers with its own error).
    /// </summary>
    Task<GatewayRefund> Refund(RefundRequest request, CancellationToken cancellationToken = default);
}
