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
}
