namespace Insure.Grains.Products;

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
