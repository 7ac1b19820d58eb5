namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.claim-settlement")]
public sealed record ClaimSettlement([property: Id(0)] decimal Amount, [property: Id(1)] string Payee, [property: Id(2)] string? Notes, [property: Id(3)] Actor By);
