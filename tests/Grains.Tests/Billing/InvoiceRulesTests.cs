using Insure.Grains.Billing;

namespace Insure.Grains.Tests.Billing;

public sealed class InvoiceRulesTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor By = Actor.ApiKey("key_1", "org_1");

    private static NewInvoice Invoice(params decimal[] amounts) => new("pol_1", "GL-2027-000001", "GL-2027-000001-01", 1, new DateOnly(2027, 1, 1), "USD",
        amounts.Select((a, i) => new InvoiceLine(i == 0 ? "premium" : "taxes", "line", a)).ToArray(), By);

    private static InvoiceState Issued(params decimal[] amounts)
    {
        var state = new InvoiceState();
        InvoiceRules.Apply(state, InvoiceRules.Issue(Invoice(amounts.Length == 0 ? [100m, 4.85m] : amounts), Now));
        return state;
    }

    private static InvoiceState Apply(InvoiceState state, Decision<InvoiceChange> decision)
    {
        Assert.Null(decision.Violation);
        InvoiceRules.Apply(state, decision.Facts!);
        return state;
    }

    private static PaymentAttempt Attempt(string status, decimal amount, string? decline = null) =>
        new("intent-1", Now, "pm_card_visa", "pi_1", status, amount, decline, decline is null ? null : "Your card was declined.", "inv_1:intent-1");

    [Fact]
    public void Issuing_OpensTheInvoice_ThroughDraft_WithItsTotal()
    {
        var state = Issued();
        Assert.Equal("open", state.Status);
        Assert.Equal([("draft", "open")], state.Transitions.Select(t => (t.From, t.To)));
        Assert.Equal((104.85m, 0m, 104.85m), (InvoiceRules.Total(state), InvoiceRules.Paid(state), InvoiceRules.Due(state)));
        Assert.Equal(["invoice.created"], InvoiceRules.Issue(Invoice(1m), Now).EventTypes);
    }

    [Fact]
    public void APartialManualPayment_LeavesABalance_AndTheRestPaysItInFull()
    {
        var state = Issued();
        var part = InvoiceRules.Pay(state, new ManualPayment(40m, "check", "chk 1", By), "pay_1", Now);
        Assert.Equal(["payment.received"], part.Facts!.EventTypes);
        Apply(state, part);
        Assert.Equal(("open", 64.85m), (state.Status, InvoiceRules.Due(state)));

        var rest = InvoiceRules.Pay(state, new ManualPayment(64.85m, "wire", "fed 9", By), "pay_2", Now);
        Assert.Equal(["payment.received", "invoice.paid"], rest.Facts!.EventTypes);
        Apply(state, rest);
        Assert.Equal(("paid", 0m, 104.85m), (state.Status, InvoiceRules.Due(state), InvoiceRules.Paid(state)));
    }

    [Fact]
    public void Overpaying_IsRefused_NamingWhatIsDue()
    {
        var refused = InvoiceRules.Pay(Issued(), new ManualPayment(104.86m, "cash", "r1", By), "pay_1", Now).Violation!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, refused.Code);
        Assert.Equal(("overpayment", "104.85"), (refused.Details!["rule"], refused.Details["amountDue"]));
    }

    [Fact]
    public void ManualPayments_NeedAPositiveAmountAndAManualMethod()
    {
        Assert.Equal("positive", InvoiceRules.Pay(Issued(), new ManualPayment(0m, "cash", "r", By), "p", Now).Violation!.Details!["rule"]);
        Assert.Equal("enum", InvoiceRules.Pay(Issued(), new ManualPayment(1m, "card", "r", By), "p", Now).Violation!.Details!["rule"]);
    }

    [Fact]
    public void PayingAPaidOrVoidedInvoice_IsAnInvalidTransition()
    {
        var paid = Apply(Issued(), InvoiceRules.Pay(Issued(), new ManualPayment(104.85m, "cash", "r", By), "p", Now));
        var refused = InvoiceRules.Pay(paid, new ManualPayment(1m, "cash", "r", By), "p2", Now).Violation!;
        Assert.Equal((ErrorCodes.InvalidStateTransition, "paid", "paid"), (refused.Code, refused.Details!["from"], refused.Details["to"]));

        var voided = Apply(Issued(), InvoiceRules.Void(Issued(), "rebilled", By, Now));
        Assert.Equal(0m, InvoiceRules.Due(voided));
        Assert.Equal(ErrorCodes.InvalidStateTransition, InvoiceRules.Pay(voided, new ManualPayment(1m, "cash", "r", By), "p", Now).Violation!.Code);
        Assert.Equal(ErrorCodes.InvalidStateTransition, InvoiceRules.Void(paid, "x", By, Now).Violation!.Code);
    }

    [Fact]
    public void ASucceededCardCharge_PaysTheInvoice_AndADeclinedOne_FailsItWithTheDeclineCode()
    {
        var state = Issued();
        var declined = InvoiceRules.Charged(state, Attempt("requires_payment_method", 104.85m, "insufficient_funds"), "pay_1", By, Now);
        Assert.Equal(["payment.failed"], declined.Facts!.EventTypes);
        Apply(state, declined);
        Assert.Equal(("payment_failed", "insufficient_funds"), (state.Status, state.Attempts[0].DeclineCode));

        var succeeded = InvoiceRules.Charged(state, Attempt("succeeded", 104.85m), "pay_1", By, Now);
        Apply(state, succeeded);
        Assert.Equal(("paid", "card", "pi_1"), (state.Status, state.Payments[0].Method, state.Payments[0].IntentId));
        Assert.Equal(2, state.Attempts.Count);
    }

    [Fact]
    public void AnIntentWithoutAPaymentMethod_IsRecorded_AndMovesNothing()
    {
        var state = Issued();
        Apply(state, InvoiceRules.Charged(state, Attempt("requires_payment_method", 104.85m) with { PaymentMethod = null }, "pay_1", By, Now));
        Assert.Equal(("open", 1, 0), (state.Status, state.Attempts.Count, state.Payments.Count));
    }

    [Fact]
    public void NothingDue_CannotBeCharged()
    {
        var paid = Apply(Issued(), InvoiceRules.Pay(Issued(), new ManualPayment(104.85m, "cash", "r", By), "p", Now));
        Assert.Equal(ErrorCodes.InvalidStateTransition, InvoiceRules.Chargeable(paid)!.Code);
        Assert.Null(InvoiceRules.Chargeable(Issued()));
    }

    [Fact]
    public void AnInvoiceWithPaymentsKept_CannotBeVoided_AndVoidingTakesWhatWasDueOffTheReceivable()
    {
        var part = Apply(Issued(), InvoiceRules.Pay(Issued(), new ManualPayment(10m, "cash", "r", By), "p", Now));
        Assert.Equal("has_payments", InvoiceRules.Void(part, "x", By, Now).Violation!.Details!["rule"]);

        var voided = Apply(Issued(), InvoiceRules.Void(Issued(), "rebilled", By, Now));
        var reversal = voided.PendingLedger.Single();
        Assert.Equal((104.85m, 104.85m), (reversal.Entries.Single(e => e.Account == "premium_receivable").Credit, reversal.Entries.Single(e => e.Account == "bad_debt").Debit));
    }

    [Fact]
    public void ADeclinedCardOnAWrittenOffInvoice_IsRecorded_AndItStaysWrittenOff()
    {
        var state = Issued();
        state.Status = "uncollectible";
        Apply(state, InvoiceRules.Charged(state, Attempt("requires_payment_method", 104.85m, "generic_decline"), "pay_1", By, Now));
        Assert.Equal(("uncollectible", 1), (state.Status, state.Attempts.Count));
    }
}
