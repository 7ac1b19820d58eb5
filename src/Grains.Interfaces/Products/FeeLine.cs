namespace Insure.Grains.Products;

[GenerateSerializer, Immutable, Alias("insure.fee")]
public sealed record FeeLine([property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] decimal Amount);
