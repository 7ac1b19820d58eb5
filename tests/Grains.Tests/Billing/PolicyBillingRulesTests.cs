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
}
