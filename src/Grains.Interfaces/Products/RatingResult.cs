namespace Insure.Grains.Products;

/// <summary>A rated premium. Every amount is already rounded to the cent; TotalDue = GrossPremium + Taxes + Fees.</summary>
[GenerateSerializer, Immutable, Alias("insure.rating-result")]
public sealed record RatingResult(
    [property: Id(0)] string ProductCode,
    [property: Id(1)] string PlanVersion,
    [property: Id(2)] string Currency,
    [property: Id(3)] decimal GrossPremium,
    [property: Id(4)] decimal TaxRate,
    [property: Id(5)] decimal Taxes,
    [property: Id(6)] FeeLine[] FeeLines,
    [property: Id(7)] decimal Fees,
    [property: Id(8)] decimal TotalDue,
    [property: Id(9)] RatingStepResult[] Breakdown);
