using Insure.Grains.Events;

namespace Insure.Grains.Billing;

/// <summary>An invoice as stored: what it bills, its status history, the payments, card attempts and refunds against it.</summary>
[GenerateSerializer, Alias("insure.InvoiceState")]
public sealed class InvoiceState : IOutboxState
{
    [Id(0)] public NewInvoice? Terms { get; set; }
    [Id(1)] public string Status { get; set; } = InvoiceLifecycle.Initial;
    [Id(2)] public List<InvoicePayment> Payments { get; set; } = [];
    [Id(3)] public List<PaymentAttempt> Attempts { get; set; } = [];
    [Id(4)] public List<InvoiceRefund> Refunds { get; set; } = [];
    [Id(5)] public List<InvoiceTransition> Transitions { get; set; } = [];
    [Id(6)] public DateTimeOffset? NextRetryAt { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public long Version { get; set; }
    [Id(10)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>Ledger transactions stored with the change that made them and not yet written to the ledger.</summary>
    [Id(11)] public List<LedgerTransaction> PendingLedger { get; set; } = [];
    /// <summary>When the last retry failed and the debt was written off.</summary>
    [Id(12)] public DateTimeOffset? UncollectibleAt { get; set; }
    /// <summary>What was written off and not yet recovered by a later payment.</summary>
    [Id(13)] public decimal WrittenOff { get; set; }
    /// <summary>The policy was asked to cancel for non-payment of this invoice (done once).</summary>
    [Id(14)] public bool DunningDone { get; set; }
    /// <summary>Where the collection reminder is aimed, stored with the change that aimed it.</summary>
    [Id(15)] public DateTimeOffset? ReminderDueAt { get; set; }
    /// <summary>A card charge sent (or about to be) whose result is not recorded yet.</summary>
    [Id(16)] public ChargeInFlight? InFlight { get; set; }
    /// <summary>When the policy was last asked to cancel for non-payment; confirmed from the read model afterwards.</summary>
    [Id(17)] public DateTimeOffset? DunningRequestedAt { get; set; }
    /// <summary>A card refund sent (or about to be) whose result is not recorded yet.</summary>
    [Id(18)] public RefundInFlight? RefundInFlight { get; set; }
}
