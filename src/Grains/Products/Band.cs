namespace Insure.Grains.Products;

/// <summary>A numeric band: applies to values up to and including <see cref="UpTo"/> (no bound: everything above).</summary>
public sealed class Band
{
    public decimal? UpTo { get; init; }
    public decimal Factor { get; init; }
}
