using Insure.Grains;

namespace Insure.Api.Features.Invoices;

public sealed record InvoiceLineResource(string Kind, string Description, decimal Amount);

/// <summary>Money received: by `card` through the gateway (`intentId`), or by check, ACH, wire or cash with its `reference`.</summary>
public sealed record InvoicePaymentResource(string Id, decimal Amount, string Method, string? Reference, string? IntentId, DateTimeOffset At, Actor By);

/// <summary>
/// One card charge through the gateway. `slot` names what asked for it (`intent-N` from the API, `collect` on the due
/// date, `retry-N` for retries); `idempotencyKey` is what the gateway was sent, so a slot never charges twice.
/// </summary>
public sealed record PaymentAttemptResource(
    string Slot, DateTimeOffset At, string? PaymentMethod, string IntentId, string Status, decimal Amount, string? DeclineCode,
    string? FailureMessage, string IdempotencyKey);

public sealed record InvoiceRefundResource(string Id, decimal Amount, string Reason, string PaymentId, string? GatewayRefundId, DateTimeOffset At, Actor By);

public sealed record InvoiceTransitionResource(string From, string To, DateTimeOffset At, Actor By, string? Note);

/// <summary>
/// An invoice as integrators see it (the API body and the `invoice.*` events' data). `total` is the sum of the lines;
/// `amountDue` is what is still owed (`total` less `amountPaid`); refunds are counted apart in `amountRefunded`;
/// `writtenOff` is what was written off to bad debt (an uncollectible or voided invoice) and not recovered since.
/// </summary>
public sealed record InvoiceResource(
    string Id, string Object, string Number, string PolicyId, string PolicyNumber, int? InstallmentNumber, string Status, string Currency,
    DateOnly DueDate, InvoiceLineResource[] Lines, decimal Total, decimal AmountPaid, decimal AmountRefunded, decimal AmountDue,
    InvoicePaymentResource[] Payments, PaymentAttemptResource[] Attempts, InvoiceRefundResource[] Refunds, DateTimeOffset? NextRetryAt,
    InvoiceTransitionResource[] StatusHistory, DateTimeOffset CreatedAt, Actor CreatedBy, DateTimeOffset UpdatedAt, decimal WrittenOff);

/// <summary>A payment intent, with Stripe's field names and statuses, and the invoice after it.</summary>
public sealed record PaymentIntentResource(
    string Id, string Object, string ClientSecret, string Status, decimal Amount, string Currency, string? PaymentMethod,
    string? DeclineCode, string? FailureMessage, InvoiceResource Invoice);

/// <summary>
/// A `payment.*` event's data: the payment received, the attempt that failed, or the refund made, with the invoice
/// as it was then.
/// </summary>
public sealed record PaymentEventResource(
    string Object, string Type, string InvoiceId, string PolicyId, decimal Amount, string Currency, string? Method, string? Reference,
    string? IntentId, string? DeclineCode, string? FailureMessage, DateTimeOffset At, InvoiceResource Invoice);

public static class InvoiceResources
{
    public static InvoiceResource ToResource(this InvoiceInfo invoice) => new(
        invoice.Id, "invoice", invoice.Number, invoice.PolicyId, invoice.PolicyNumber, invoice.InstallmentNumber, invoice.Status, invoice.Currency,
        invoice.DueDate, invoice.Lines.Select(l => new InvoiceLineResource(l.Kind, l.Description, l.Amount)).ToArray(), invoice.Total,
        invoice.AmountPaid, invoice.AmountRefunded, invoice.AmountDue,
        invoice.Payments.Select(p => new InvoicePaymentResource(p.Id, p.Amount, p.Method, p.Reference, p.IntentId, p.At, p.By)).ToArray(),
        invoice.Attempts.Select(a => new PaymentAttemptResource(a.Slot, a.At, a.PaymentMethod, a.IntentId, a.Status, a.Amount, a.DeclineCode,
            a.FailureMessage, a.IdempotencyKey)).ToArray(),
        invoice.Refunds.Select(r => new InvoiceRefundResource(r.Id, r.Amount, r.Reason, r.PaymentId, r.GatewayRefundId, r.At, r.By)).ToArray(),
        invoice.NextRetryAt,
        invoice.Transitions.Select(t => new InvoiceTransitionResource(t.From, t.To, t.At, t.By, t.Note)).ToArray(),
        invoice.CreatedAt, invoice.CreatedBy, invoice.UpdatedAt, invoice.WrittenOff);

    public static PaymentIntentResource ToResource(this PaymentIntentInfo intent) => new(
        intent.Id, "payment_intent", intent.ClientSecret, intent.Status, intent.Amount, intent.Currency, intent.PaymentMethod,
        intent.DeclineCode, intent.FailureMessage, intent.Invoice.ToResource());

    /// <summary>
    /// A `payment.*` event from the invoice as it was when the event happened: `payment.received` shows its newest
    /// payment, `payment.failed` its newest attempt, `payment.refunded` its newest refund.
    /// </summary>
    public static PaymentEventResource ToPaymentEvent(this InvoiceInfo invoice, string type)
    {
        var shown = invoice.ToResource();
        return type switch
        {
            "payment.failed" when invoice.Attempts.LastOrDefault() is { } a => new PaymentEventResource("payment", type, invoice.Id, invoice.PolicyId,
                a.Amount, invoice.Currency, PaymentMethods.Card, a.PaymentMethod, a.IntentId, a.DeclineCode, a.FailureMessage, a.At, shown),
            "payment.refunded" when invoice.Refunds.LastOrDefault() is { } r => new PaymentEventResource("refund", type, invoice.Id, invoice.PolicyId,
                r.Amount, invoice.Currency, null, r.GatewayRefundId, null, null, r.Reason, r.At, shown),
            _ when invoice.Payments.LastOrDefault() is { } p => new PaymentEventResource("payment", type, invoice.Id, invoice.PolicyId,
                p.Amount, invoice.Currency, p.Method, p.Reference, p.IntentId, null, null, p.At, shown),
            _ => new PaymentEventResource("payment", type, invoice.Id, invoice.PolicyId, 0m, invoice.Currency, null, null, null, null, null,
                invoice.UpdatedAt, shown),
        };
    }
}

public sealed record PaymentIntentRequest(string? PaymentMethod);

public sealed record PayRequest(decimal? Amount, string? Method, string? Reference);

public sealed record VoidRequest(string? Reason);

public sealed record RefundRequest(decimal? Amount, string? Reason);
