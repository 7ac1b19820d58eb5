namespace Insure.Grains.Billing;

/// <summary>
/// A gateway request stored before it is sent, until its result is recorded. If the call fails after the gateway took
/// it, the same request (same key, amount and method) is sent again to learn the result, so the charge is recorded
/// once and never repeated with another amount under the same key.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.charge-in-flight")]
public sealed record ChargeInFlight(
    [property: Id(0)] string Slot,
    [property: Id(1)] string Key,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string? Method,
    [property: Id(4)] bool Confirm,
    [property: Id(5)] Actor By,
    [property: Id(6)] string? RequestKey = null);
