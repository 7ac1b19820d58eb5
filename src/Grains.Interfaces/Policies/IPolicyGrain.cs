using Insure.Grains.Products;

namespace Insure.Grains;

/// <summary>An issued policy: its terms, status and transactions. Keyed `{orgId}/{environment}/{policyId}`.</summary>
[Alias("insure.IPolicyGrain")]
public interface IPolicyGrain : IGrainWithStringKey
{
    /// <summary>Issues the policy; calling it again with the same policy returns the existing one unchanged.</summary>
    [Alias("Issue")]
    Task<PolicyInfo> Issue(NewPolicy policy);

    [ReadOnly, Alias("Get")]
    Task<PolicyInfo?> Get();

    /// <summary>The terms in force on a date (the latest version effective on or before it).</summary>
    [ReadOnly, Alias("GetAsOf")]
    Task<PolicyInfo?> GetAsOf(DateOnly date);

    [ReadOnly, Alias("GetTimeline")]
    Task<PolicyTransaction[]?> GetTimeline();

    /// <summary>Each change takes the ETag the caller last saw (null: no check); a stale one is refused as a conflict.</summary>
    [Alias("Endorse")]
    Task<Outcome<EndorsementResult>> Endorse(Endorsement endorsement, long? expectedVersion);

    [Alias("Cancel")]
    Task<Outcome<PolicyInfo>> Cancel(CancellationRequest request, long? expectedVersion);

    [Alias("Reinstate")]
    Task<Outcome<PolicyInfo>> Reinstate(string? reason, Actor by, long? expectedVersion);

    /// <summary>Issues the next term; the value is the renewal policy.</summary>
    [Alias("Renew")]
    Task<Outcome<PolicyInfo>> Renew(Actor by, long? expectedVersion);
}

/// <summary>Allocates policy numbers for one (organization, environment, product prefix, year): never reused, never duplicated.</summary>
[Alias("insure.IPolicyNumberSequenceGrain")]
public interface IPolicyNumberSequenceGrain : IGrainWithStringKey
{
    [Alias("Next")]
    Task<long> Next();
}

public static class InstallmentPlans
{
    public const string PayInFull = "PIF";
    public const string TwoPay = "TWO_PAY";
    public const string Quarterly = "QUARTERLY";
    public const string Monthly10 = "MONTHLY_10";
    public const string Monthly12 = "MONTHLY_12";

    public static readonly string[] All = [PayInFull, TwoPay, Quarterly, Monthly10, Monthly12];
}

public static class PolicyStatuses
{
    public const string Bound = "bound";
    public const string Active = "active";
    public const string PendingCancellation = "pending_cancellation";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}

[GenerateSerializer, Immutable, Alias("insure.installment")]
public sealed record Installment([property: Id(0)] int Number, [property: Id(1)] DateOnly DueDate, [property: Id(2)] decimal Amount);

[GenerateSerializer, Immutable, Alias("insure.new-policy")]
public sealed record NewPolicy(
    [property: Id(0)] string PolicyNumber,
    [property: Id(1)] string SubmissionId,
    [property: Id(2)] string QuoteId,
    [property: Id(3)] SubmissionApplication Application,
    [property: Id(4)] DateOnly ExpirationDate,
    [property: Id(5)] RatingResult Rating,
    [property: Id(6)] string InstallmentPlan,
    [property: Id(7)] Installment[] Installments,
    [property: Id(8)] Actor BoundBy,
    [property: Id(9)] string? RenewalOfPolicyId = null);

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

/// <summary>A mid-term change: new values for product inputs (and `insuredName`), effective on a date.</summary>
[GenerateSerializer, Immutable, Alias("insure.endorsement")]
public sealed record Endorsement(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] Dictionary<string, string> Changes,
    [property: Id(2)] string? InsuredName,
    [property: Id(3)] string Reason,
    [property: Id(4)] Actor By);

[GenerateSerializer, Immutable, Alias("insure.cancellation-request")]
public sealed record CancellationRequest(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] string Method,
    [property: Id(2)] string Reason,
    [property: Id(3)] Actor By);

/// <summary>How a cancellation's return premium was worked out.</summary>
[GenerateSerializer, Immutable, Alias("insure.cancellation-quote")]
public sealed record CancellationQuote(
    [property: Id(0)] string Method,
    [property: Id(1)] int TermDays,
    [property: Id(2)] int UnearnedDays,
    [property: Id(3)] decimal ProRataReturn,
    [property: Id(4)] decimal ShortRatePenalty,
    [property: Id(5)] decimal ReturnPremium,
    [property: Id(6)] decimal ReturnTaxes,
    [property: Id(7)] decimal TotalReturn);

[GenerateSerializer, Immutable, Alias("insure.cancellation-info")]
public sealed record CancellationInfo(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] string Reason,
    [property: Id(2)] CancellationQuote Calculation,
    [property: Id(3)] bool Completed,
    [property: Id(4)] DateTimeOffset RequestedAt,
    [property: Id(5)] Actor By);

/// <summary>The renewal terms offered ahead of expiry, re-rated on the live plan.</summary>
[GenerateSerializer, Immutable, Alias("insure.renewal-offer")]
public sealed record RenewalOffer(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] DateOnly ExpirationDate,
    [property: Id(2)] RatingResult Rating,
    [property: Id(3)] DateTimeOffset OfferedAt);

/// <summary>One entry of a policy's timeline: who did what, when, effective when, and what it did to the premium.</summary>
[GenerateSerializer, Immutable, Alias("insure.policy-transaction")]
public sealed record PolicyTransaction(
    [property: Id(0)] string Type,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Actor By,
    [property: Id(3)] DateOnly EffectiveDate,
    [property: Id(4)] decimal PremiumEffect,
    [property: Id(5)] decimal TaxesEffect,
    [property: Id(6)] int VersionNumber,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? RelatedPolicyId,
    [property: Id(9)] decimal FeesEffect = 0);

/// <summary>
/// A policy version: the terms from its effective date on, and what the change cost or returned. Version 1 holds the
/// bound application; an endorsement holds only what it changed (<see cref="Changes"/>: inputs, and `insuredName`).
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
    [property: Id(9)] Dictionary<string, string>? Changes = null);

/// <summary>An endorsement's result: the policy after it and the version it made.</summary>
[GenerateSerializer, Immutable, Alias("insure.endorsement-result")]
public sealed record EndorsementResult([property: Id(0)] PolicyInfo Policy, [property: Id(1)] PolicyVersion Version);
