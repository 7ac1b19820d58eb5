using Insure.Grains.Products;

namespace Insure.Grains;

/// <summary>
/// A quote: the rating and how long it holds. <see cref="Warnings"/> says what would stop it binding that is not about
/// the price, such as what the submission's producer lacks to place the risk (null on quotes stored before warnings).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.quote-info")]
public sealed record QuoteInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] RatingResult Rating,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] IReadOnlyList<string>? Warnings = null);
