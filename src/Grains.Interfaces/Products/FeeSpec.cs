namespace Insure.Grains.Products;

/// <summary>A fee: a flat <see cref="Amount"/>, or a <see cref="Rate"/> of the gross premium.</summary>
[GenerateSerializer, Immutable, Alias("insure.fee-spec")]
public sealed class FeeSpec
{
    [Id(0)] public required string Code { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public decimal? Amount { get; init; }
    [Id(3)] public decimal? Rate { get; init; }
}
