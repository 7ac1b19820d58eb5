namespace Insure.Grains.Products;

/// <summary>What is rated: input values in canonical text form (numbers invariant), plus the loss history.</summary>
[GenerateSerializer, Immutable, Alias("insure.rating-application")]
public sealed record RatingApplication(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] Dictionary<string, string> Inputs,
    [property: Id(2)] Loss[] Losses,
    [property: Id(3)] DateOnly? ExpirationDate = null);

/// <summary>A past claim: when it happened and what it cost.</summary>
[GenerateSerializer, Immutable, Alias("insure.loss")]
public sealed record Loss([property: Id(0)] DateOnly Date, [property: Id(1)] decimal Amount, [property: Id(2)] string? Description);

/// <summary>One line of the premium's explanation.</summary>
[GenerateSerializer, Immutable, Alias("insure.rating-step")]
public sealed record RatingStepResult(
    [property: Id(0)] string Step,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal? Factor,
    [property: Id(3)] decimal? Value,
    [property: Id(4)] decimal PremiumAfter);

[GenerateSerializer, Immutable, Alias("insure.fee")]
public sealed record FeeLine([property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] decimal Amount);

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
