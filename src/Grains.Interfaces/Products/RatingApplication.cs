namespace Insure.Grains.Products;

/// <summary>What is rated: input values in canonical text form (numbers invariant), plus the loss history.</summary>
[GenerateSerializer, Immutable, Alias("insure.rating-application")]
public sealed record RatingApplication(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] Dictionary<string, string> Inputs,
    [property: Id(2)] Loss[] Losses,
    [property: Id(3)] DateOnly? ExpirationDate = null);
