using Insure.Grains.Products;

namespace Insure.Grains;

/// <summary>An application for cover, its triage and its quote. Keyed `{orgId}/{environment}/{submissionId}`.</summary>
[Alias("insure.ISubmissionGrain")]
public interface ISubmissionGrain : IGrainWithStringKey
{
    /// <summary>Holds the draft against the product's plan and creates the submission, or says which field breaks which rule.</summary>
    [Alias("Create")]
    Task<Outcome<SubmissionInfo>> Create(SubmissionDraft draft, Actor createdBy);

    [ReadOnly, Alias("Get")]
    Task<SubmissionInfo?> Get();

    /// <summary>Rates the application on the product's live plan; replaces any earlier quote.</summary>
    [Alias("Quote")]
    Task<Outcome<SubmissionInfo>> Quote(Actor by);

    /// <summary>Binds the current quote into a policy with the chosen installment plan; the value is the policy.</summary>
    [Alias("Bind")]
    Task<Outcome<PolicyInfo>> Bind(string installmentPlan, Actor by);
}

/// <summary>What the applicant asked for. Product inputs are held as text in canonical (invariant) form.</summary>
[GenerateSerializer, Immutable, Alias("insure.submission-application")]
public sealed record SubmissionApplication(
    [property: Id(0)] string InsuredName,
    [property: Id(1)] string ProductCode,
    [property: Id(2)] DateOnly EffectiveDate,
    [property: Id(3)] DateOnly? ExpirationDate,
    [property: Id(4)] Dictionary<string, string> Inputs,
    [property: Id(5)] Loss[]? LossHistory,
    [property: Id(6)] string? PolicyholderId,
    [property: Id(7)] string? ProducerId)
{
    /// <summary>A numeric input's value, or null when it is absent or not a number.</summary>
    public decimal? Number(string name) =>
        Inputs.TryGetValue(name, out var raw)
        && decimal.TryParse(raw, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

public static class SubmissionStatuses
{
    public const string Submitted = "submitted";
    public const string Quoted = "quoted";
    public const string Bound = "bound";
}

[GenerateSerializer, Immutable, Alias("insure.quote-info")]
public sealed record QuoteInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] RatingResult Rating,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt);

/// <summary>Underwriting's view of a submission: a 0..100 score, a verdict, and why.</summary>
[GenerateSerializer, Immutable, Alias("insure.readiness")]
public sealed record Readiness(
    [property: Id(0)] int Score,
    [property: Id(1)] string Verdict,
    [property: Id(2)] string[] Reasons,
    [property: Id(3)] string[] Missing);

public static class ReadinessVerdicts
{
    public const string Ready = "ready";
    public const string NeedsInfo = "needs_info";
    public const string ReferralRequired = "referral_required";
    public const string Declined = "declined";
}

[GenerateSerializer, Immutable, Alias("insure.submission-info")]
public sealed record SubmissionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] SubmissionApplication Application,
    [property: Id(3)] Readiness Triage,
    [property: Id(4)] QuoteInfo? Quote,
    [property: Id(5)] string? PolicyId,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] Actor CreatedBy,
    [property: Id(8)] DateTimeOffset UpdatedAt);
