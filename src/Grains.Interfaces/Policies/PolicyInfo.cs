using Insure.Grains.Products;

namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.policy-info")]
public sealed record PolicyInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string PolicyNumber,
    [property: Id(2)] string Status,
    [property: Id(3)] string SubmissionId,
    [property: Id(4)] string QuoteId,
    [property: Id(5)] SubmissionApplication Application,
    [property: Id(6)] DateOnly EffectiveDate,
    [property: Id(7)] DateOnly ExpirationDate,
    [property: Id(8)] RatingResult Rating,
    [property: Id(9)] string InstallmentPlan,
    [property: Id(10)] Installment[] Installments,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] Actor CreatedBy,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] long ETag = 0,
    [property: Id(15)] int VersionNumber = 1,
    [property: Id(16)] decimal WrittenPremium = 0,
    [property: Id(17)] CancellationInfo? Cancellation = null,
    [property: Id(18)] RenewalOffer? RenewalOffer = null,
    [property: Id(19)] string? RenewalOfPolicyId = null,
    [property: Id(20)] string? RenewedToPolicyId = null,
    [property: Id(21)] decimal WrittenTaxes = 0,
    [property: Id(22)] decimal WrittenFees = 0);
