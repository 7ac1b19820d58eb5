namespace Insure.Grains.Billing;

/// <summary>
/// Where card payments and refunds go. Amounts are in major units (dollars); an implementation converts to the
/// gateway's minor units. Every call carries an idempotency key: the same key never charges or refunds twice.
/// A decline is a result (status and decline code), not an exception; exceptions mean the gateway could not be reached.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Creates a payment intent; with a payment method and <see cref="IntentRequest.Confirm"/> it is charged at once.</summary>
    Task<GatewayIntent> CreateIntent(IntentRequest request, CancellationToken cancellationToken = default);

    /// <summary>Refunds part or all of a succeeded payment intent.</summary>
    Task<GatewayRefund> Refund(RefundRequest request, CancellationToken cancellationToken = default);
}
