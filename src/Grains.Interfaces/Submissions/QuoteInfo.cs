using Insure.Grains.Products;

namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.quote-info")]
public sealed record QuoteInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] RatingResult Rating,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt);
