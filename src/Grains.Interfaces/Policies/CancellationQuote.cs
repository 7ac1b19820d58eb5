namespace Insure.Grains;

/// <summary>How a cancellation's return premium was worked out.</summary>
[GenerateSerializer, Immutable, Alias("insure.cancellation-quote")]
public sealed record CancellationQuote(
    [property: Id(0)] string Method,
    [property: Id(1)] int TermDays,
    [property: Id(2)] int UnearnedDays,
    [property: Id(3)] decimal ProRataReturn,
    [property: Id(4)] decimal ShortRatePenalty,
    [property: Id(5)] decimal ReturnPremium,
    [property: Id(6)] decimal ReturnTaxes,
    [property: Id(7)] decimal TotalReturn);
