using Insure.Grains.Billing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Insure.Grains.Tests.Billing;

/// <summary>Installments left to billing to wake are never left to nobody.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PolicyBillingWakeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnInstallmentLeftToBilling_IsWokenAtOnce_WhenBillingFinishesIssuingItWithinAWeekOfItsDueDate()
    {
        var tenant = new Tenant(Ids.New("org"), Tenant.Sandbox);
        var clock = ClusterFixture.Clocks.Own(tenant.OrgId);
        var policyId = Ids.New(IdPrefixes.Policy, clock);
        var invoiceId = Ids.New(IdPrefixes.Invoice, clock);
        var installment = new NewInvoice(policyId, "GL-1", "GL-1-02", 2, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30), "USD",
            [new InvoiceLine("premium", "Premium", 100m)], Actor.System);
        var invoice = fixture.Grains.GetGrain<IInvoiceGrain>(tenant.KeyFor(invoiceId));
        await invoice.Issue(installment);
        Assert.Null(await Reminder(invoice, "collection"));

        // Billing had stored the installment as pending and failed before recording it issued; it runs again 25 days
        // later, when the installment is 5 days from its due date and billing will not keep it to wake.
        clock.Advance(TimeSpan.FromDays(25));
        var billing = fixture.Grains.GetGrain<IPolicyBillingGrain>(tenant.KeyFor(policyId));
        await Storage.WriteStateAsync("billing", billing.GetGrainId(), new GrainState<PolicyBillingState>(new PolicyBillingState
        {
            InvoiceIds = [invoiceId],
            Applied = [$"{policyId}/bind"],
            Pending = [new PendingInvoice(invoiceId, installment)],
            PolicyNumber = "GL-1",
        }));
        // Activating it issues what is pending, on a timer turn.
        Assert.Equal([invoiceId], await billing.InvoiceIds());

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await Reminder(invoice, "collection") is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the installment was left with no reminder");
            await Task.Delay(50);
        }
        Assert.Null(await Reminder(billing, "wake"));
    }

    private IGrainStorage Storage => fixture.Silo.GetRequiredKeyedService<IGrainStorage>(Names.Storage);

    private Task<ReminderEntry?> Reminder(IAddressable grain, string name) => fixture.Silo.GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), name)!;
}
