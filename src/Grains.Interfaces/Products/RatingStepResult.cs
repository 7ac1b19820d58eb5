namespace Insure.Grains.Products;

/// <summary>One line of the premium's explanation.</summary>
[GenerateSerializer, Immutable, Alias("insure.rating-step")]
public sealed record RatingStepResult(
    [property: Id(0)] string Step,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal? Factor,
    [property: Id(3)] decimal? Value,
    [property: Id(4)] decimal PremiumAfter);
