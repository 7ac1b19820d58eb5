using Insure.Grains.Events;

namespace Insure.Grains.Claims;

/// <summary>A claim as stored: the notice of loss, the policy terms it was filed against, its reserves, payments and status history.</summary>
[GenerateSerializer, Alias("insure.ClaimState")]
public sealed class ClaimState : IOutboxState
{
    [Id(0)] public NewClaim? Notice { get; set; }
    [Id(1)] public string ClaimNumber { get; set; } = "";
    [Id(2)] public string PolicyNumber { get; set; } = "";
    [Id(3)] public int PolicyVersion { get; set; }
    [Id(4)] public decimal PerOccurrenceLimit { get; set; }
    [Id(5)] public decimal Deductible { get; set; }
    [Id(6)] public string Currency { get; set; } = "";
    [Id(7)] public string Status { get; set; } = ClaimLifecycle.Initial;
    [Id(8)] public string? AdjusterId { get; set; }
    [Id(9)] public bool Litigation { get; set; }
    [Id(10)] public decimal IndemnityReserve { get; set; }
    [Id(11)] public decimal ExpenseReserve { get; set; }
    [Id(12)] public List<ReserveEntry> ReserveHistory { get; set; } = [];
    [Id(13)] public List<ClaimPayment> Payments { get; set; } = [];
    [Id(14)] public List<ClaimTransition> Transitions { get; set; } = [];
    [Id(15)] public DateTimeOffset CreatedAt { get; set; }
    [Id(16)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(17)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(18)] public long Version { get; set; }
    [Id(19)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>Attachments in the order they were added.</summary>
    [Id(20)] public List<ClaimAttachment> Attachments { get; set; } = [];
    /// <summary>Ledger transactions (settlement payments) stored with the change that made them and not yet written to the ledger.</summary>
    [Id(21)] public List<LedgerTransaction> PendingLedger { get; set; } = [];

    /// <summary>The agency of the policy's producer when the claim was filed (null without one): agency tokens see by it.</summary>
    [Id(22)] public string? AgencyId { get; set; }
}
