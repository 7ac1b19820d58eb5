using Insure.Grains.Events;

namespace Insure.Grains.Submissions;

/// <summary>A submission as stored: the application, its quote, and the policy it was bound into.</summary>
[GenerateSerializer, Alias("insure.SubmissionState")]
public sealed class SubmissionState : IOutboxState
{
    [Id(0)] public SubmissionApplication? Application { get; set; }
    [Id(1)] public string Status { get; set; } = SubmissionStatuses.Submitted;
    [Id(2)] public QuoteInfo? Quote { get; set; }
    [Id(3)] public string? PolicyId { get; set; }
    /// <summary>Set before the policy is issued, so a bind retried after a failure issues the same policy.</summary>
    [Id(4)] public string? PendingPolicyId { get; set; }
    [Id(5)] public string? PendingPolicyNumber { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public Actor? CreatedBy { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public long Version { get; set; }
    [Id(10)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>What each referral on the submission last told it (open, approved, rejected).</summary>
    [Id(11)] public List<ReferralNotice> Referrals { get; set; } = [];
    /// <summary>The request key of the bind that bound it, when it carried one: a retry of that request gets the policy.</summary>
    [Id(12)] public string? BoundByRequest { get; set; }
}
