namespace Insure.Grains.Products;

[GenerateSerializer, Immutable, Alias("insure.input-spec")]
public sealed class InputSpec
{
    /// <summary>`string`, `number`, `integer` or `boolean`.</summary>
    [Id(0)] public string Type { get; init; } = "string";
    [Id(1)] public bool Required { get; init; }
    /// <summary>Used when the application leaves the input out (canonical text form).</summary>
    [Id(2)] public string? Default { get; init; }
    [Id(3)] public decimal? Min { get; init; }
    [Id(4)] public decimal? Max { get; init; }
    /// <summary>When set, the value must be one of this table's keys.</summary>
    [Id(5)] public string? Table { get; init; }
    [Id(6)] public string Description { get; init; } = "";
}
