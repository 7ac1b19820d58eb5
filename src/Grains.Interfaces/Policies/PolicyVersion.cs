using Insure.Grains.Products;

namespace Insure.Grains;

/// <summary>
/// A policy version: the terms from its effective date on, and what the change cost or returned. Version 1 holds the
/// bound application; an endorsement holds only what it changed (<see cref="Changes"/>: inputs, and `insuredName`), and the
/// approved referral it used, if any (each referral covers one version).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.policy-version")]
public sealed record PolicyVersion(
    [property: Id(0)] int Number,
    [property: Id(1)] DateOnly EffectiveDate,
    [property: Id(2)] SubmissionApplication? Application,
    [property: Id(3)] RatingResult Rating,
    [property: Id(4)] decimal PremiumDelta,
    [property: Id(5)] decimal TaxesDelta,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? Reason,
    [property: Id(8)] decimal FeesDelta = 0,
    [property: Id(9)] Dictionary<string, string>? Changes = null,
    [property: Id(10)] string? ReferralId = null);
