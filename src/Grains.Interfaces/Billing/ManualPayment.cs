namespace Insure.Grains;

/// <summary>A payment received outside the gateway (check, ACH, wire, cash) and recorded by hand.</summary>
[GenerateSerializer, Immutable, Alias("insure.manual-payment")]
public sealed record ManualPayment(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string Method,
    [property: Id(2)] string Reference,
    [property: Id(3)] Actor By);
