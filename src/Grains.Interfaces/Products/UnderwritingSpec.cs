namespace Insure.Grains.Products;

[GenerateSerializer, Immutable, Alias("insure.underwriting-spec")]
public sealed class UnderwritingSpec
{
    [Id(0)] public List<string> DeclinedClasses { get; init; } = [];
    [Id(1)] public List<string> ReferralClasses { get; init; } = [];
    [Id(2)] public decimal? MaxAnnualRevenue { get; init; }
    [Id(3)] public decimal? ReferLimitAbove { get; init; }
    [Id(4)] public int? ReferLossCountAtLeast { get; init; }
    [Id(5)] public decimal? ReferLargeLossOver { get; init; }
    /// <summary>Application items that are optional to rate but that underwriters want (missing: `needs_info`).</summary>
    [Id(6)] public List<string> Recommended { get; init; } = [];
}
