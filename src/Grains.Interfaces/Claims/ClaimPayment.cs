namespace Insure.Grains;

/// <summary>
/// A settlement payment, a money movement for billing to post: <see cref="Amount"/> is the settled loss, of which
/// <see cref="DeductibleApplied"/> stays with the insured and <see cref="NetAmount"/> is paid to the payee.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.claim-payment")]
public sealed record ClaimPayment(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] decimal DeductibleApplied,
    [property: Id(2)] decimal NetAmount,
    [property: Id(3)] string Payee,
    [property: Id(4)] string? Notes,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] Actor By);
