namespace Insure.Grains.Products;

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
