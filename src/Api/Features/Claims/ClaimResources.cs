using Insure.Grains;

namespace Insure.Api.Features.Claims;

public sealed record ClaimantResource(string Name, string? Email, string? Phone);

/// <summary>Outstanding reserves by category; `total` is what is still expected to be paid on the claim.</summary>
public sealed record ReservesResource(decimal Indemnity, decimal Expense, decimal Total);

public sealed record ReserveEntryResource(string Category, decimal OldAmount, decimal NewAmount, string Reason, DateTimeOffset At, Actor By);

/// <summary>A settlement payment: `amount` settled, of which `deductibleApplied` stays with the insured and `netAmount` is paid.</summary>
public sealed record ClaimPaymentResource(decimal Amount, decimal DeductibleApplied, decimal NetAmount, string Payee, string? Notes, DateTimeOffset At, Actor By);

public sealed record ClaimTransitionResource(string From, string To, DateTimeOffset At, Actor By, string? Note);

/// <summary>
/// A claim as integrators see it (the API body and the `claim.*` events' data): the loss, the policy version in force
/// on the date of loss with its per-occurrence limit and deductible, outstanding reserves and their append-only
/// history, payments, and every status change.
/// </summary>
public sealed record ClaimResource(
    string Id, string Object, string ClaimNumber, string Status, string PolicyId, string PolicyNumber, int PolicyVersion,
    decimal PerOccurrenceLimit, decimal Deductible, string Currency, DateOnly DateOfLoss, string Description, ClaimantResource Claimant,
    string? LossLocation, decimal? EstimatedAmount, string? ReportedBy, string? AdjusterId, bool Litigation,
    ReservesResource Reserves, ReserveEntryResource[] ReserveHistory, ClaimPaymentResource[] Payments, decimal TotalPaid,
    ClaimTransitionResource[] StatusHistory, DateTimeOffset CreatedAt, Actor CreatedBy, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt);

public static class ClaimResources
{
    public static ClaimResource ToResource(this ClaimInfo claim) => new(
        claim.Id, "claim", claim.ClaimNumber, claim.Status, claim.PolicyId, claim.PolicyNumber, claim.PolicyVersion,
        claim.PerOccurrenceLimit, claim.Deductible, claim.Currency, claim.DateOfLoss, claim.Description,
        new ClaimantResource(claim.Claimant.Name, claim.Claimant.Email, claim.Claimant.Phone),
        claim.LossLocation, claim.EstimatedAmount, claim.ReportedBy, claim.AdjusterId, claim.Litigation,
        new ReservesResource(claim.IndemnityReserve, claim.ExpenseReserve, claim.IndemnityReserve + claim.ExpenseReserve),
        claim.ReserveHistory.Select(r => new ReserveEntryResource(r.Category, r.OldAmount, r.NewAmount, r.Reason, r.At, r.By)).ToArray(),
        claim.Payments.Select(p => new ClaimPaymentResource(p.Amount, p.DeductibleApplied, p.NetAmount, p.Payee, p.Notes, p.At, p.By)).ToArray(),
        claim.Payments.Sum(p => p.NetAmount),
        claim.Transitions.Select(t => new ClaimTransitionResource(t.From, t.To, t.At, t.By, t.Note)).ToArray(),
        claim.CreatedAt, claim.CreatedBy, claim.UpdatedAt, claim.ClosedAt);
}

public sealed record ClaimantRequest(string? Name, string? Email, string? Phone);

public sealed record FileClaimRequest(
    string? PolicyId, DateOnly? DateOfLoss, string? Description, ClaimantRequest? Claimant, string? LossLocation, decimal? EstimatedAmount, string? ReportedBy);

public sealed record InvestigateRequest(string? AdjusterId, string? Notes);

public sealed record ReserveRequest(string? Category, decimal? Amount, string? Reason);

public sealed record SettleRequest(decimal? Amount, string? Payee, string? Notes);

public sealed record ReasonRequest(string? Reason);

public sealed record LitigationRequest(bool? Litigation);
