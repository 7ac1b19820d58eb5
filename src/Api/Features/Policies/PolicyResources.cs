using System.Text.Json;
using System.Text.Json.Serialization;
using Insure.Grains;
using Insure.Grains.Products;

namespace Insure.Api.Features.Policies;

public sealed record InstallmentResource(int Number, DateOnly DueDate, decimal Amount);

public sealed record CancellationResource(
    DateOnly EffectiveDate, string Method, string Reason, bool Completed, int TermDays, int UnearnedDays, decimal ProRataReturn,
    decimal ShortRatePenalty, decimal ReturnPremium, decimal ReturnTaxes, decimal TotalReturn, DateTimeOffset RequestedAt, Actor RequestedBy);

public sealed record RenewalOfferResource(
    DateOnly EffectiveDate, DateOnly ExpirationDate, string PlanVersion, decimal GrossPremium, decimal Taxes, decimal Fees, decimal TotalDue,
    DateTimeOffset OfferedAt);

/// <summary>
/// A policy's claims as the read model totals them: how many were filed, how many are not closed, what was paid (net
/// of deductibles) and what is still reserved (indemnity and expense).
/// </summary>
public sealed record PolicyClaimsResource(int Count, int Open, decimal Paid, decimal Reserved)
{
    public static readonly PolicyClaimsResource None = new(0, 0, 0m, 0m);
}

/// <summary>
/// A policy as integrators see it (the API body and the `policy.*` events' data). `grossPremium`, `taxes`, `fees`
/// and `totalDue` price the current terms for a full term; `written*` add up every transaction so far (bind,
/// endorsements, cancellation, reinstatement) and are what billing collects or refunds. `claims` is shown on reads
/// of the policy as it is now; an event's data is the policy's own state when it happened, without it. `paymentMethod`
/// (the card on file that collections charge) is shown by `GET /v1/policies/{id}` once one is stored.
/// </summary>
public sealed record PolicyResource(
    string Id, string Object, string PolicyNumber, string Status, string LineOfBusiness, string InsuredName,
    string? PolicyholderId, string? ProducerId, string SubmissionId, string QuoteId, DateOnly EffectiveDate, DateOnly ExpirationDate,
    string Currency, decimal GrossPremium, decimal Taxes, decimal Fees, decimal TotalDue, string PlanVersion,
    string InstallmentPlan, InstallmentResource[] Installments, RatingStepResult[] Breakdown,
    int Version, decimal WrittenPremium, decimal WrittenTaxes, decimal WrittenFees, decimal TotalWritten,
    CancellationResource? Cancellation, RenewalOfferResource? RenewalOffer,
    string? RenewalOfPolicyId, string? RenewedToPolicyId, Dictionary<string, string> Terms,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Actor CreatedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PolicyClaimsResource? Claims = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PaymentMethod = null);

public static class PolicyResources
{
    public static PolicyResource ToResource(this PolicyInfo policy) => new(
        policy.Id, "policy", policy.PolicyNumber, policy.Status, policy.Application.ProductCode, policy.Application.InsuredName,
        policy.Application.PolicyholderId, policy.Application.ProducerId, policy.SubmissionId, policy.QuoteId,
        policy.EffectiveDate, policy.ExpirationDate, policy.Rating.Currency, policy.Rating.GrossPremium, policy.Rating.Taxes,
        policy.Rating.Fees, policy.Rating.TotalDue, policy.Rating.PlanVersion, policy.InstallmentPlan,
        policy.Installments.Select(i => new InstallmentResource(i.Number, i.DueDate, i.Amount)).ToArray(),
        policy.Rating.Breakdown, policy.VersionNumber, policy.WrittenPremium, policy.WrittenTaxes, policy.WrittenFees,
        policy.WrittenPremium + policy.WrittenTaxes + policy.WrittenFees,
        policy.Cancellation is { } c
            ? new CancellationResource(c.EffectiveDate, c.Calculation.Method, c.Reason, c.Completed, c.Calculation.TermDays,
                c.Calculation.UnearnedDays, c.Calculation.ProRataReturn, c.Calculation.ShortRatePenalty, c.Calculation.ReturnPremium,
                c.Calculation.ReturnTaxes, c.Calculation.TotalReturn, c.RequestedAt, c.By)
            : null,
        policy.RenewalOffer is { } o
            ? new RenewalOfferResource(o.EffectiveDate, o.ExpirationDate, o.Rating.PlanVersion, o.Rating.GrossPremium, o.Rating.Taxes,
                o.Rating.Fees, o.Rating.TotalDue, o.OfferedAt)
            : null,
        policy.RenewalOfPolicyId, policy.RenewedToPolicyId, policy.Application.Inputs,
        policy.CreatedAt, policy.UpdatedAt, policy.CreatedBy);
}

/// <summary>`referralId` names an approved referral on the policy, needed when the changed terms need underwriting; each covers one endorsement.</summary>
public sealed record EndorseRequest(DateOnly? EffectiveDate, Dictionary<string, JsonElement>? Changes, string? Reason, string? ReferralId = null);

public sealed record CancelRequest(DateOnly? EffectiveDate, string? Reason, string? Method);

public sealed record ReinstateRequest(string? Reason);

/// <summary>An endorsement's result: the new version and what it charges (positive) or refunds (negative) for the rest of the term.</summary>
public sealed record EndorsementResource(
    string Object, string PolicyId, int Version, DateOnly EffectiveDate, decimal PremiumDelta, decimal TaxesDelta, decimal FeesDelta,
    decimal TotalDelta, decimal AnnualPremium, string? Reason, PolicyResource Policy, string? ReferralId = null);

public sealed record CancellationResultResource(string Object, string PolicyId, string Status, CancellationResource Cancellation, PolicyResource Policy);

public sealed record TimelineEntryResource(
    string Type, DateTimeOffset At, Actor By, DateOnly EffectiveDate, decimal PremiumEffect, decimal TaxesEffect, decimal FeesEffect,
    int Version, string? Reason, string? RelatedPolicyId);
