namespace Insure.Grains.Products;

/// <summary>A past claim: when it happened and what it cost.</summary>
[GenerateSerializer, Immutable, Alias("insure.loss")]
public sealed record Loss([property: Id(0)] DateOnly Date, [property: Id(1)] decimal Amount, [property: Id(2)] string? Description);
