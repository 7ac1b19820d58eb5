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

    /// <summary>Applies whatever is due by the clock (activation on the effective date). Reminders call it; it is idempotent.</summary>
    [Alias("ProcessDue")]
    Task ProcessDue();
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
    [property: Id(8)] Actor BoundBy);

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
    [property: Id(13)] DateTimeOffset UpdatedAt);
