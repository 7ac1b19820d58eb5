namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.installment")]
public sealed record Installment([property: Id(0)] int Number, [property: Id(1)] DateOnly DueDate, [property: Id(2)] decimal Amount);
