namespace Insure.Grains;

/// <summary>A policy's premium as of a date: what was written, how much of it is earned by the end of that day, and the rest (unearned).</summary>
[GenerateSerializer, Immutable, Alias("insure.earned-premium")]
public sealed record EarnedPremium(
    [property: Id(0)] DateOnly AsOf,
    [property: Id(1)] string Currency,
    [property: Id(2)] decimal Written,
    [property: Id(3)] decimal Earned,
    [property: Id(4)] decimal Unearned);
