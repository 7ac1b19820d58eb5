namespace Insure.Grains;

/// <summary>
/// One charge of a card through the gateway. <see cref="Slot"/> names what asked for it: `intent-N` for the API's
/// payment intents, `collect` for the due-date collection and `retry-N` for the Nth retry; the idempotency key sent to
/// the gateway is derived from the invoice and the slot, so a slot is charged at most once. <see cref="RequestKey"/> names
/// the API request that made it, when that request carried an Idempotency-Key.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.payment-attempt")]
public sealed record PaymentAttempt(
    [property: Id(0)] string Slot,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? PaymentMethod,
    [property: Id(3)] string IntentId,
    [property: Id(4)] string Status,
    [property: Id(5)] decimal Amount,
    [property: Id(6)] string? DeclineCode,
    [property: Id(7)] string? FailureMessage,
    [property: Id(8)] string IdempotencyKey,
    [property: Id(9)] string? RequestKey = null);
