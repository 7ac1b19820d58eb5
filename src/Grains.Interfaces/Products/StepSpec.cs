namespace Insure.Grains.Products;

[GenerateSerializer, Immutable, Alias("insure.step-spec")]
public sealed class StepSpec
{
    [Id(0)] public required string Name { get; init; }
    /// <summary>`rate_per_unit`, `factor_table`, `factor_band`, `modifier`, `loss_history` or `minimum`.</summary>
    [Id(1)] public required string Kind { get; init; }
    [Id(2)] public string? Input { get; init; }
    [Id(3)] public string? Table { get; init; }
    [Id(4)] public decimal? Unit { get; init; }
    [Id(5)] public decimal? Rate { get; init; }
    [Id(6)] public string? RateTable { get; init; }
    [Id(7)] public string? RateKey { get; init; }
    [Id(8)] public List<Band> Bands { get; init; } = [];
    [Id(9)] public decimal? Amount { get; init; }
    [Id(10)] public int LookbackYears { get; init; } = 3;
    [Id(11)] public string Description { get; init; } = "";
}
