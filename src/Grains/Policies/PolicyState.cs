using Insure.Grains.Events;

namespace Insure.Grains.Policies;

/// <summary>A policy as stored: its versions, status, timeline, money written so far and pending clock work.</summary>
[GenerateSerializer, Alias("insure.PolicyState")]
public sealed class PolicyState : IOutboxState
{
    /// <summary>The terms the policy was issued with (version 1).</summary>
    [Id(0)] public NewPolicy? Terms { get; set; }
    [Id(1)] public string Status { get; set; } = PolicyStatuses.Bound;
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public long Version { get; set; }
    [Id(5)] public List<DomainEvent> Outbox { get; set; } = [];
    [Id(6)] public List<PolicyVersion> Versions { get; set; } = [];
    [Id(7)] public List<PolicyTransaction> Timeline { get; set; } = [];
    [Id(8)] public decimal WrittenPremium { get; set; }
    [Id(9)] public decimal WrittenTaxes { get; set; }
    [Id(10)] public CancellationInfo? Cancellation { get; set; }
    [Id(11)] public RenewalOffer? RenewalOffer { get; set; }
    [Id(12)] public string? RenewedToPolicyId { get; set; }
    /// <summary>Set before the renewal policy is issued, so a retried renewal issues the same one.</summary>
    [Id(13)] public string? PendingRenewalId { get; set; }
    [Id(14)] public string? PendingRenewalNumber { get; set; }
    /// <summary>Where the lifecycle reminder is aimed, stored with the change that aimed it.</summary>
    [Id(15)] public DateTimeOffset? ReminderDueAt { get; set; }
    [Id(16)] public decimal WrittenFees { get; set; }
    /// <summary>Billing instructions stored with the change that raised them and not yet known to be delivered.</summary>
    [Id(17)] public List<BillingInstruction> PendingBilling { get; set; } = [];
    /// <summary>Ledger transactions stored with the change that made them and not yet written to the ledger.</summary>
    [Id(18)] public List<LedgerTransaction> PendingLedger { get; set; } = [];
    /// <summary>What each referral on the policy last told it (open, approved, rejected); versions record which one they used.</summary>
    [Id(19)] public List<ReferralNotice> Referrals { get; set; } = [];
}
