namespace Insure.Grains.Products;

/// <summary>A fee: a flat <see cref="Amount"/>, or a <see cref="Rate"/> of the gross premium.</summary>
public sealed class FeeSpec
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public decimal? Amount { get; init; }
    public decimal? Rate { get; init; }
}
