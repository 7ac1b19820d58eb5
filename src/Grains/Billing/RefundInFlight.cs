namespace Insure.Grains.Billing;

/// <summary>
/// A card refund stored before it is sent, until it is recorded: if the call fails after the gateway made it, the same
/// request (same key and amount) is sent again to learn the result, and the refund is recorded once under its id.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.refund-in-flight")]
public sealed record RefundInFlight(
    [property: Id(0)] string RefundId,
    [property: Id(1)] string Key,
    [property: Id(2)] string IntentId,
    [property: Id(3)] string PaymentId,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] string Reason,
    [property: Id(6)] string? OperationId,
    [property: Id(7)] Actor By);
