using Insure.Grains;

namespace Insure.Api.Features.Referrals;

/// <summary>
/// A referral as integrators see it (the API body and the `referral.*` events' data). `infoRequested` is true while
/// the referral is open and its latest decision was `request_info`; `decisions` lists every decision, oldest first.
/// </summary>
public sealed record ReferralResource(
    string Id,
    string Object,
    string EntityType,
    string EntityId,
    string Reason,
    string Status,
    bool InfoRequested,
    string? DealRoomId,
    string? AssignedTo,
    IReadOnlyList<ReferralDecisionResource> Decisions,
    string Environment,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Actor CreatedBy);

public sealed record ReferralDecisionResource(string Decision, string? Notes, DateTimeOffset DecidedAt, Actor DecidedBy);

/// <summary>`entityType` is `submission`, `policy` or `claim`; `dealRoomId` links a deal room that is told of each decision.</summary>
public sealed record CreateReferralRequest(string? EntityType, string? EntityId, string? Reason, string? DealRoomId, string? AssignedTo);

/// <summary>`decision` is `approve`, `reject` or `request_info` (which needs `notes`).</summary>
public sealed record DecideReferralRequest(string? Decision, string? Notes);

public static class ReferralResources
{
    public static ReferralResource ToResource(this ReferralInfo referral) => new(
        referral.Id, "referral", referral.EntityType, referral.EntityId, referral.Reason, referral.Status, referral.InfoRequested,
        referral.DealRoomId, referral.AssignedTo,
        referral.Decisions.Select(d => new ReferralDecisionResource(d.Decision, d.Notes, d.DecidedAt, d.DecidedBy)).ToList(),
        referral.Environment, referral.CreatedAt, referral.UpdatedAt, referral.CreatedBy);
}
