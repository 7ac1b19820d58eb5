using Insure.Grains.Billing;

namespace Insure.Grains.Tests.Billing;

public sealed class PolicyBillingRulesTests
{
    [Fact]
    public void ABind_IssuesOneInvoicePerInstallment_NumberedAfterThePolicy()
    {
        var by = Actor.ApiKey("key_1", "org_1");
        var installments = Enumerable.Range(1, 3)
            .Select(n => new BilledInstallment(n, new DateOnly(2027, n, 1), [new InvoiceLine("premium", "Premium", 100m + n)]))
            .ToArray();
        var instruction = new BillingInstruction("pol_1/bind", "bind", "pol_1", "GL-2027-000042", "USD", installments, DateTimeOffset.UnixEpoch, by);

        var invoices = PolicyBillingRules.Invoices(instruction, issuedBefore: 0).ToList();

        Assert.Equal(["GL-2027-000042-01", "GL-2027-000042-02", "GL-2027-000042-03"], invoices.Select(i => i.Number));
        Assert.Equal([1, 2, 3], invoices.Select(i => i.InstallmentNumber!.Value));
        Assert.Equal([new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1), new DateOnly(2027, 3, 1)], invoices.Select(i => i.DueDate));
        Assert.All(invoices, i => Assert.Equal(("pol_1", "USD"), (i.PolicyId, i.Currency)));
        Assert.Equal("GL-2027-000042-05", PolicyBillingRules.Invoices(instruction, issuedBefore: 4).First().Number);
    }

    [Fact]
    public void InstallmentsDueMoreThanAWeekAhead_AreWokenAWeekBeforeTheirDueDate_EarliestFirst()
    {
        var by = Actor.ApiKey("key_1", "org_1");
        PendingInvoice Due(string id, DateOnly date) => new(id, new NewInvoice("pol_1", "GL-1", $"GL-1-{id}", 1, date, "USD", [], by));
        var now = new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero);
        // Collected at the start of the due date: Jan 8 is 6.5 days off, Jan 9 is 7.5.
        var issued = new[] { Due("a", new DateOnly(2027, 1, 8)), Due("c", new DateOnly(2027, 4, 1)), Due("b", new DateOnly(2027, 1, 9)) };

        var toWake = PolicyBillingRules.ToWake(issued, now).ToList();

        Assert.Equal(["c", "b"], toWake.Select(w => w.Id));
        Assert.Equal(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero), PolicyBillingRules.WakeAt(toWake));
        Assert.Empty(PolicyBillingRules.DueToWake(toWake, new DateTimeOffset(2027, 1, 1, 23, 59, 59, TimeSpan.Zero)));
        Assert.Equal(["b"], PolicyBillingRules.DueToWake(toWake, new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero)).Select(w => w.Id));
        Assert.Null(PolicyBillingRules.WakeAt([]));
    }
}
