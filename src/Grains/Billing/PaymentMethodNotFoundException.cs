namespace Insure.Grains.Billing;

/// <summary>
/// The gateway knows no payment method by that id (Stripe answers `resource_missing`). It is the caller's input
/// that is wrong, not the gateway that failed: the API answers it with a 400.
/// </summary>
public sealed class PaymentMethodNotFoundException(string paymentMethod, Exception? innerException = null)
    : Exception($"No such payment method: '{paymentMethod}'", innerException)
{
    /// <summary>The payment method id that was not found.</summary>
    public string PaymentMethod { get; } = paymentMethod;
}
