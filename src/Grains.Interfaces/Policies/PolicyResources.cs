using Insure.Grains.Products;

namespace Insure.Grains;

public sealed record InstallmentResource(int Number, DateOnly DueDate, decimal Amount);

/// <summary>A policy as integrators see it (the API body and the `policy.*` events' data).</summary>
public sealed record PolicyResource(
    string Id, string Object, string PolicyNumber, string Status, string LineOfBusiness, string InsuredName,
    string? PolicyholderId, string? ProducerId, string SubmissionId, string QuoteId, DateOnly EffectiveDate, DateOnly ExpirationDate,
    string Currency, decimal GrossPremium, decimal Taxes, decimal Fees, decimal TotalDue, string PlanVersion,
    string InstallmentPlan, InstallmentResource[] Installments, RatingStepResult[] Breakdown,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Actor CreatedBy);

public static class PolicyResources
{
    public static PolicyResource ToResource(this PolicyInfo policy) => new(
        policy.Id, "policy", policy.PolicyNumber, policy.Status, policy.Application.ProductCode, policy.Application.InsuredName,
        policy.Application.PolicyholderId, policy.Application.ProducerId, policy.SubmissionId, policy.QuoteId,
        policy.EffectiveDate, policy.ExpirationDate, policy.Rating.Currency, policy.Rating.GrossPremium, policy.Rating.Taxes,
        policy.Rating.Fees, policy.Rating.TotalDue, policy.Rating.PlanVersion, policy.InstallmentPlan,
        policy.Installments.Select(i => new InstallmentResource(i.Number, i.DueDate, i.Amount)).ToArray(),
        policy.Rating.Breakdown, policy.CreatedAt, policy.UpdatedAt, policy.CreatedBy);
}
