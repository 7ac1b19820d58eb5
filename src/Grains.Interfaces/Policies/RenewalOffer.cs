using Insure.Grains.Products;

namespace Insure.Grains;

/// <summary>The renewal terms offered ahead of expiry, re-rated on the live plan.</summary>
[GenerateSerializer, Immutable, Alias("insure.renewal-offer")]
public sealed record RenewalOffer(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] DateOnly ExpirationDate,
    [property: Id(2)] RatingResult Rating,
    [property: Id(3)] DateTimeOffset OfferedAt);
