using Insure.Grains.Billing;

namespace Insure.Grains.Tests.Billing;

public sealed class InvoiceCollectionRulesTests
{
    private static readonly DateTimeOffset Due = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Actor By = Actor.ApiKey("key_1", "org_1");
    private static readonly int[] Delays = [1, 3, 5, 7];

    private static InvoiceState Issued()
    {
        var state = new InvoiceState();
        InvoiceRules.Apply(state, InvoiceRules.Issue(new NewInvoice("pol_1", "GL-1", "GL-1-01", 1, DateOnly.FromDateTime(Due.UtcDateTime), "USD",
            [new InvoiceLine("premium", "Premium", 100m)], By), Due.AddDays(-30)));
        return state;
    }

    private static PaymentAttempt Declined(string slot, DateTimeOffset at) =>
        new(slot, at, "pm_card_chargeDeclined", "pi_x", "requires_payment_method", 100m, "generic_decline", "Your card was declined.", $"inv_1:{slot}");

    [Fact]
    public void NothingIsDueBeforeTheDueDate_ThenCollectOnce()
    {
        var state = Issued();
        Assert.Null(InvoiceRules.DueSlot(state, Due.AddSeconds(-1)));
        Assert.Equal("collect", InvoiceRules.DueSlot(state, Due));
        Assert.Equal(Due, InvoiceRules.NextDue(state, 10));
    }

    [Fact]
    public void Failures_AreRetriedDaysAfterTheFirst_ThenWrittenOff_ThenDunned()
    {
        var state = Issued();
        var now = Due.AddHours(5);
        InvoiceRules.Apply(state, InvoiceRules.Collected(state, Declined("collect", now), "pay_1", Delays, now).Facts!);
        Assert.Equal(("payment_failed", now.AddDays(1)), (state.Status, state.NextRetryAt));
        Assert.Null(InvoiceRules.DueSlot(state, now.AddHours(23)));

        foreach (var (retry, next) in new[] { (1, 3), (2, 5), (3, 7) })
        {
            var at = state.NextRetryAt!.Value;
            Assert.Equal($"retry-{retry}", InvoiceRules.DueSlot(state, at));
            InvoiceRules.Apply(state, InvoiceRules.Collected(state, Declined($"retry-{retry}", at), "pay_1", Delays, at).Facts!);
            Assert.Equal(now.AddDays(next), state.NextRetryAt);
        }
        var last = state.NextRetryAt!.Value;
        var giveUp = InvoiceRules.Collected(state, Declined("retry-4", last), "pay_1", Delays, last).Facts!;
        Assert.Equal(["payment.failed", "invoice.uncollectible"], giveUp.EventTypes);
        InvoiceRules.Apply(state, giveUp);
        Assert.Equal(("uncollectible", (DateTimeOffset?)null, 100m), (state.Status, state.NextRetryAt, state.WrittenOff));
        var writeOff = state.PendingLedger.Single(t => t.Entries.Any(e => e.Account == "bad_debt"));
        Assert.Equal(100m, writeOff.Entries.Single(e => e.Account == "bad_debt").Debit);
        Assert.Equal(last.AddDays(10), InvoiceRules.DunningAt(state, 10));
        InvoiceRules.Apply(state, InvoiceRules.Dunned(last.AddDays(10)));
        Assert.Null(InvoiceRules.DunningAt(state, 10));
        Assert.Null(InvoiceRules.NextDue(state, 10));
    }

    [Fact]
    public void Refunds_AreLimitedToWhatWasPaidAndNotRefunded_NewestPaymentFirst()
    {
        var state = Issued();
        InvoiceRules.Apply(state, InvoiceRules.Pay(state, new ManualPayment(30m, "check", "c1", By), "pay_1", Due).Facts!);
        InvoiceRules.Apply(state, InvoiceRules.Pay(state, new ManualPayment(70m, "wire", "w1", By), "pay_2", Due).Facts!);

        var plan = InvoiceRules.PlanRefund(state, 80m).Facts!;
        Assert.Equal(80m, plan.Amount);
        Assert.Equal(["pay_2", "pay_1"], plan.From.Select(p => p.Id));
        Assert.Equal("refund_exceeds_paid", InvoiceRules.PlanRefund(state, 100.01m).Violation!.Details!["rule"]);
        Assert.Equal(100m, InvoiceRules.PlanRefund(state, null).Facts!.Amount);
        Assert.Equal("positive", InvoiceRules.PlanRefund(state, 0m).Violation!.Details!["rule"]);
    }

    [Fact]
    public void ACreditThatLeavesNothingDue_VoidsAnUnpaidInvoice_AndClosesAPartlyPaidOneAsPaid_OncePerOperation()
    {
        var unpaid = Issued();
        var credit = new[] { new InvoiceLine("credit", "Credit", -100m) };
        InvoiceRules.Apply(unpaid, InvoiceRules.Adjust(unpaid, "v3:inv_1", credit, By, Due).Facts!);
        Assert.Equal(("voided", 0m), (unpaid.Status, InvoiceRules.Total(unpaid)));

        var part = Issued();
        InvoiceRules.Apply(part, InvoiceRules.Pay(part, new ManualPayment(40m, "cash", "r", By), "pay_1", Due).Facts!);
        var sixty = new[] { new InvoiceLine("credit", "Credit", -60m) };
        InvoiceRules.Apply(part, InvoiceRules.Adjust(part, "v3:inv_1", sixty, By, Due).Facts!);
        Assert.Equal(("paid", 0m), (part.Status, InvoiceRules.Due(part)));
        Assert.Empty(InvoiceRules.Adjust(part, "v3:inv_1", sixty, By, Due).Facts!.Actions);
        Assert.Equal("credit_exceeds_due", InvoiceRules.Adjust(Issued(), "v4", [new InvoiceLine("credit", "Credit", -100.01m)], By, Due).Violation!.Details!["rule"]);
    }
}
