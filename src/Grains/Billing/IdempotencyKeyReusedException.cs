namespace Insure.Grains.Billing;

/// <summary>
/// An idempotency key came back with a different request than the one it was first used with (Stripe answers
/// `idempotency_error`). Nothing was charged or refunded for the second request; the API answers it with a 400.
/// </summary>
public sealed class IdempotencyKeyReusedException(string idempotencyKey, Exception? innerException = null)
    : Exception($"Idempotency key '{idempotencyKey}' was already used with different parameters", innerException)
{
    /// <summary>The key that was reused.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;
}
