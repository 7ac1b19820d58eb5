namespace Insure.Grains.Products;

/// <summary>
/// A product's rating plan, read from JSON (Products/Plans/*.json): what an application must contain, the rate
/// tables, the ordered rating steps, taxes, fees and underwriting rules. Changing a rate is a data change.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.rating-plan")]
public sealed class RatingPlan
{
    [Id(0)] public required string Code { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public string Description { get; init; } = "";
    [Id(3)] public required string Version { get; init; }
    [Id(4)] public DateOnly EffectiveFrom { get; init; }
    [Id(5)] public string Currency { get; init; } = "USD";
    [Id(6)] public required string PolicyNumberPrefix { get; init; }
    [Id(7)] public int TermMonths { get; init; } = 12;
    [Id(8)] public Dictionary<string, InputSpec> Inputs { get; init; } = [];
    [Id(9)] public Dictionary<string, Dictionary<string, decimal>> Tables { get; init; } = [];
    [Id(10)] public List<StepSpec> Steps { get; init; } = [];
    [Id(11)] public Dictionary<string, decimal> TaxRates { get; init; } = [];
    /// <summary>Fees charged in every state.</summary>
    [Id(12)] public List<FeeSpec> Fees { get; init; } = [];
    /// <summary>Further fees by state (stamping fees, guaranty-fund surcharges, ...).</summary>
    [Id(13)] public Dictionary<string, List<FeeSpec>> StateFees { get; init; } = [];
    [Id(14)] public UnderwritingSpec Underwriting { get; init; } = new();
}
