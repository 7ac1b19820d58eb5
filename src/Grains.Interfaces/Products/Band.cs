namespace Insure.Grains.Products;

/// <summary>A numeric band: applies to values up to and including <see cref="UpTo"/> (no bound: everything above).</summary>
[GenerateSerializer, Immutable, Alias("insure.band")]
public sealed class Band
{
    [Id(0)] public decimal? UpTo { get; init; }
    [Id(1)] public decimal Factor { get; init; }
}
