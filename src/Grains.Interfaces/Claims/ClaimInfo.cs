namespace Insure.Grains;

/// <summary>
/// A claim: the loss as reported, the policy terms it was filed against (version, per-occurrence limit and deductible
/// in force on the date of loss), its outstanding reserves with their history, and its payments.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.claim-info")]
public sealed record ClaimInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string ClaimNumber,
    [property: Id(2)] string Status,
    [property: Id(3)] string PolicyId,
    [property: Id(4)] string PolicyNumber,
    [property: Id(5)] int PolicyVersion,
    [property: Id(6)] decimal PerOccurrenceLimit,
    [property: Id(7)] decimal Deductible,
    [property: Id(8)] string Currency,
    [property: Id(9)] DateOnly DateOfLoss,
    [property: Id(10)] string Description,
    [property: Id(11)] Claimant Claimant,
    [property: Id(12)] string? LossLocation,
    [property: Id(13)] decimal? EstimatedAmount,
    [property: Id(14)] string? ReportedBy,
    [property: Id(15)] string? AdjusterId,
    [property: Id(16)] bool Litigation,
    [property: Id(17)] decimal IndemnityReserve,
    [property: Id(18)] decimal ExpenseReserve,
    [property: Id(19)] ReserveEntry[] ReserveHistory,
    [property: Id(20)] ClaimPayment[] Payments,
    [property: Id(21)] ClaimTransition[] Transitions,
    [property: Id(22)] DateTimeOffset CreatedAt,
    [property: Id(23)] Actor CreatedBy,
    [property: Id(24)] DateTimeOffset UpdatedAt,
    [property: Id(25)] DateTimeOffset? ClosedAt,
    [property: Id(26)] long ETag,
    [property: Id(27)] string? AgencyId = null);
