namespace Insure.Grains.Products;

/// <summary>
/// A product's rating plan, read from JSON (Products/Plans/*.json): what an application must contain, the rate
/// tables, the ordered rating steps, taxes, fees and underwriting rules. Changing a rate is a data change.
/// </summary>
public sealed class RatingPlan
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public required string Version { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public string Currency { get; init; } = "USD";
    public required string PolicyNumberPrefix { get; init; }
    public int TermMonths { get; init; } = 12;
    public Dictionary<string, InputSpec> Inputs { get; init; } = [];
    public Dictionary<string, Dictionary<string, decimal>> Tables { get; init; } = [];
    public List<StepSpec> Steps { get; init; } = [];
    public Dictionary<string, decimal> TaxRates { get; init; } = [];
    /// <summary>Fees charged in every state.</summary>
    public List<FeeSpec> Fees { get; init; } = [];
    /// <summary>Further fees by state (stamping fees, guaranty-fund surcharges, ...).</summary>
    public Dictionary<string, List<FeeSpec>> StateFees { get; init; } = [];
    public UnderwritingSpec Underwriting { get; init; } = new();
}
