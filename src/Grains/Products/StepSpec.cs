namespace Insure.Grains.Products;

public sealed class StepSpec
{
    public required string Name { get; init; }
    /// <summary>`rate_per_unit`, `factor_table`, `factor_band`, `modifier`, `loss_history` or `minimum`.</summary>
    public required string Kind { get; init; }
    public string? Input { get; init; }
    public string? Table { get; init; }
    public decimal? Unit { get; init; }
    public decimal? Rate { get; init; }
    public string? RateTable { get; init; }
    public string? RateKey { get; init; }
    public List<Band> Bands { get; init; } = [];
    public decimal? Amount { get; init; }
    public int LookbackYears { get; init; } = 3;
    public string Description { get; init; } = "";
}
