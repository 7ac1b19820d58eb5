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

public sealed class InputSpec
{
    /// <summary>`string`, `number`, `integer` or `boolean`.</summary>
    public string Type { get; init; } = "string";
    public bool Required { get; init; }
    /// <summary>Used when the application leaves the input out (canonical text form).</summary>
    public string? Default { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    /// <summary>When set, the value must be one of this table's keys.</summary>
    public string? Table { get; init; }
    public string Description { get; init; } = "";
}

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

/// <summary>A numeric band: applies to values up to and including <see cref="UpTo"/> (no bound: everything above).</summary>
public sealed class Band
{
    public decimal? UpTo { get; init; }
    public decimal Factor { get; init; }
}

/// <summary>A fee: a flat <see cref="Amount"/>, or a <see cref="Rate"/> of the gross premium.</summary>
public sealed class FeeSpec
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public decimal? Amount { get; init; }
    public decimal? Rate { get; init; }
}

public sealed class UnderwritingSpec
{
    public List<string> DeclinedClasses { get; init; } = [];
    public List<string> ReferralClasses { get; init; } = [];
    public decimal? MaxAnnualRevenue { get; init; }
    public decimal? ReferLimitAbove { get; init; }
    public int? ReferLossCountAtLeast { get; init; }
    public decimal? ReferLargeLossOver { get; init; }
    /// <summary>Application items that are optional to rate but that underwriters want (missing: `needs_info`).</summary>
    public List<string> Recommended { get; init; } = [];
}

/// <summary>Why an application cannot be rated: the field (input name) and the rule it breaks.</summary>
public sealed record ApplicationIssue(string Field, string Rule, string Message);
