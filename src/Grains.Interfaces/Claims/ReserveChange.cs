namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.reserve-change")]
public sealed record ReserveChange([property: Id(0)] string Category, [property: Id(1)] decimal Amount, [property: Id(2)] string Reason, [property: Id(3)] Actor By);
