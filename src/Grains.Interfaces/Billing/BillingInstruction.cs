namespace Insure.Grains;

/// <summary>
/// What a policy change asks billing to do, sent from the policy's outbox. <see cref="Id"/> (unique per policy) makes
/// it idempotent. A bind carries the installments to invoice, each already split into lines; an adjustment
/// (endorsement, cancellation, reinstatement) carries what it wrote: positive amounts are charged, negative credited.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.billing-instruction")]
public sealed record BillingInstruction(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string PolicyId,
    [property: Id(3)] string PolicyNumber,
    [property: Id(4)] string Currency,
    [property: Id(5)] BilledInstallment[] Installments,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] Actor By,
    [property: Id(8)] decimal Premium = 0m,
    [property: Id(9)] decimal Taxes = 0m,
    [property: Id(10)] decimal Fees = 0m,
    [property: Id(11)] string? Reason = null);
