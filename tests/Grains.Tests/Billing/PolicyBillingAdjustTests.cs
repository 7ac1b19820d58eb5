using Insure.Grains.Billing;

namespace Insure.Grains.Tests.Billing;

public sealed class PolicyBillingAdjustTests
{
    private static readonly Actor By = Actor.ApiKey("key_1", "org_1");
    private static readonly DateOnly Today = new(2027, 3, 10);

    private static InvoiceInfo Invoice(string id, int month, string status, decimal total, decimal paid = 0m, decimal refunded = 0m) =>
        new(id, $"GL-1-{month:D2}", "pol_1", "GL-1", month, status, "USD", new DateOnly(2027, month, 1), [], total, paid, refunded,
            status is "voided" ? 0m : Math.Max(0m, total - paid), [], [], [], null, [], DateTimeOffset.UnixEpoch, By, DateTimeOffset.UnixEpoch, 1);

    private static BillingInstruction Adjust(decimal premium, decimal taxes = 0m, decimal fees = 0m) =>
        new("v4", "adjust", "", "GL-1", "USD", [], DateTimeOffset.UnixEpoch, By, premium, taxes, fees, "endorse");

    [Fact]
    public void ACharge_IsSpreadOverTheOpenInvoices_EachKindToTheCent()
    {
        var invoices = new[] { Invoice("inv_1", 1, "paid", 100m, 100m), Invoice("inv_2", 4, "open", 100m), Invoice("inv_3", 7, "payment_failed", 100m), Invoice("inv_4", 10, "open", 100m) };
        var plan = PolicyBillingRules.Adjust(Adjust(100.01m, 4.85m), "pol_1", invoices, 4, Today);

        Assert.Null(plan.NewInvoice);
        Assert.Equal(["inv_2", "inv_3", "inv_4"], plan.Operations.Select(o => o.InvoiceId));
        Assert.Equal(100.01m, plan.Operations.SelectMany(o => o.Lines).Where(l => l.Kind == "endorsement_premium").Sum(l => l.Amount));
        Assert.Equal(4.85m, plan.Operations.SelectMany(o => o.Lines).Where(l => l.Kind == "endorsement_taxes").Sum(l => l.Amount));
        Assert.Equal([33.35m, 33.33m, 33.33m], plan.Operations.Select(o => o.Lines.Single(l => l.Kind == "endorsement_premium").Amount));
        Assert.All(plan.Operations, o => Assert.Equal($"v4:{o.InvoiceId}", o.OperationId));
    }

    [Fact]
    public void ACharge_WithNothingOpen_IsOneNewInvoiceDueToday()
    {
        var plan = PolicyBillingRules.Adjust(Adjust(50m, 2.5m, 10m), "pol_1", [Invoice("inv_1", 1, "paid", 100m, 100m)], 1, Today);
        Assert.Empty(plan.Operations);
        var invoice = plan.NewInvoice!;
        Assert.Equal(("GL-1-02", Today, "pol_1", (int?)null), (invoice.Number, invoice.DueDate, invoice.PolicyId, invoice.InstallmentNumber));
        Assert.Equal(62.5m, invoice.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public void ACredit_GoesToOpenInvoicesLatestFirst_ThenIsRefundedFromPaidOnesNewestFirst()
    {
        var invoices = new[]
        {
            Invoice("inv_1", 1, "paid", 100m, 100m),
            Invoice("inv_2", 4, "partially_refunded", 100m, 100m, 30m),
            Invoice("inv_3", 7, "open", 100m, 40m),
            Invoice("inv_4", 10, "open", 100m),
        };
        var plan = PolicyBillingRules.Adjust(Adjust(-250m), "pol_1", invoices, 4, Today);

        // inv_3 is credited down to the 40 paid on it, so it closes and its 40 is refunded first (newest), then 50 of inv_2's 70.
        Assert.Equal([("inv_4", -100m, 0m), ("inv_3", -60m, 0m), ("inv_3", 0m, 40m), ("inv_2", 0m, 50m)],
            plan.Operations.Select(o => (o.InvoiceId, o.Lines.Sum(l => l.Amount), o.RefundAmount)));
        Assert.All(plan.Operations.Where(o => o.Lines.Length > 0), o => Assert.Equal("credit", o.Lines[0].Kind));
    }

    [Fact]
    public void ACreditBeyondEverythingPaid_RefundsOnlyWhatWasPaid()
    {
        var plan = PolicyBillingRules.Adjust(Adjust(-500m), "pol_1", [Invoice("inv_1", 1, "paid", 100m, 100m), Invoice("inv_2", 4, "voided", 100m)], 2, Today);
        Assert.Equal(100m, plan.Operations.Sum(o => o.RefundAmount));
    }

    [Fact]
    public void ACreditThatClosesAPartlyPaidInvoice_RefundsTheRestFromThatInvoice()
    {
        // PIF 1,200 with 500 paid by check; a cancellation returns 900: 700 closes the invoice, 200 is refunded from it.
        var plan = PolicyBillingRules.Adjust(Adjust(-900m), "pol_1", [Invoice("inv_1", 1, "open", 1200m, 500m)], 1, Today);
        Assert.Equal([("v4:inv_1", -700m, 0m), ("v4:inv_1:refund", 0m, 200m)],
            plan.Operations.Select(o => (o.OperationId, o.Lines.Sum(l => l.Amount), o.RefundAmount)));
    }

    [Fact]
    public void ACredit_ReversesWhatAVoidedInvoiceWroteOff_BeforeAnythingIsRefunded()
    {
        var voided = Invoice("inv_2", 7, "voided", 300m) with { WrittenOff = 300m };
        var plan = PolicyBillingRules.Adjust(Adjust(-400m), "pol_1", [Invoice("inv_1", 1, "paid", 300m, 300m), voided], 2, Today);
        Assert.Equal([("inv_2", -300m, 0m), ("inv_1", 0m, 100m)], plan.Operations.Select(o => (o.InvoiceId, o.Lines.Sum(l => l.Amount), o.RefundAmount)));
    }
}
