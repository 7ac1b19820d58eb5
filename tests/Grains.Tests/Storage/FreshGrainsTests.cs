using Insure.Grains.Billing;
using Insure.Grains.Policies;
using Insure.Grains.Storage;
using Insure.Grains.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Insure.Grains.Tests.Storage;

/// <summary>Grains created under ids just minted are not looked for in the store; every other grain is.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FreshGrainsTests(ClusterFixture fixture)
{
    private static readonly Actor Broker = Actor.ApiKey("key_broker", "org_test");

    private FreshGrains Fresh => fixture.Silo.GetRequiredService<FreshGrains>();

    [Fact]
    public async Task ABindsNewPolicy_IsIssuedWithoutReadingTheStore_AndLeavesNoMark()
    {
        var tenant = new Tenant(Ids.New(IdPrefixes.Organization), Tenant.Sandbox);
        var clock = ClusterFixture.Clocks.Own(tenant.OrgId);
        var submission = fixture.Grains.GetGrain<ISubmissionGrain>(tenant.KeyFor(Ids.New(IdPrefixes.Submission)));
        var fields = new Dictionary<string, string>
        {
            ["naicsCode"] = "541511", ["annualRevenue"] = "1000000", ["requestedLimit"] = "1000000", ["state"] = "TX", ["deductible"] = "1000",
        };
        var effective = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30);
        Assert.NotNull((await submission.Create(new SubmissionDraft("Acme Software", "GL", effective, null, fields, [], [], null, null), Broker)).Value);
        Assert.NotNull((await submission.Quote(Broker)).Value);

        var bound = (await submission.Bind(InstallmentPlans.PayInFull, Broker)).Value!;

        var policy = fixture.Grains.GetGrain<IPolicyGrain>(tenant.KeyFor(bound.Id));
        Assert.Equal(bound.PolicyNumber, (await policy.Get())!.PolicyNumber);
        Assert.Equal(0, ClusterFixture.Storage.ReadsOf(policy.GetGrainId()));
        Assert.False(Fresh.Holds(policy.GetGrainId()));
        // Its billing too: the policy's first instruction went out right after the policy's own first write.
        var billing = fixture.Grains.GetGrain<IPolicyBillingGrain>(tenant.KeyFor(bound.Id));
        var invoices = await billing.InvoiceIds();
        Assert.Single(invoices);
        Assert.Equal(0, ClusterFixture.Storage.ReadsOf(billing.GetGrainId()));
        Assert.False(Fresh.Holds(billing.GetGrainId()));

        // A later activation of either reads what was stored.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(invoices, await billing.InvoiceIds());
        Assert.Equal(1, ClusterFixture.Storage.ReadsOf(billing.GetGrainId()));
        Assert.Equal(bound.PolicyNumber, (await policy.Get())!.PolicyNumber);
        Assert.Equal(1, ClusterFixture.Storage.ReadsOf(policy.GetGrainId()));
    }

    [Fact]
    public async Task ABindsNewInvoices_AreIssuedWithoutReadingTheStore_AndLeaveNoMark()
    {
        var tenant = new Tenant(Ids.New(IdPrefixes.Organization), Tenant.Sandbox);
        var clock = ClusterFixture.Clocks.Own(tenant.OrgId);
        var policyId = Ids.New(IdPrefixes.Policy, clock);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var billing = fixture.Grains.GetGrain<IPolicyBillingGrain>(tenant.KeyFor(policyId));

        await billing.Apply(new BillingInstruction($"{policyId}/bind", BillingInstructionKinds.Bind, policyId, "GL-7", "USD",
            [.. Enumerable.Range(1, 3).Select(n => new BilledInstallment(n, today.AddMonths(n - 1), [new InvoiceLine("premium", "Premium", 100m)]))],
            clock.GetUtcNow(), Actor.System));

        var ids = await billing.InvoiceIds();
        Assert.Equal(3, ids.Length);
        foreach (var id in ids)
        {
            var invoice = fixture.Grains.GetGrain<IInvoiceGrain>(tenant.KeyFor(id));
            Assert.Equal("GL-7", (await invoice.Get())!.PolicyNumber);
            Assert.Equal(0, ClusterFixture.Storage.ReadsOf(invoice.GetGrainId()));
            Assert.False(Fresh.Holds(invoice.GetGrainId()));
        }
    }

    [Fact]
    public async Task AMarkSkipsOnlyTheFirstActivationsRead_AndAForgottenMarkSkipsNone()
    {
        var tenant = new Tenant(Ids.New(IdPrefixes.Organization), Tenant.Sandbox);
        var marked = fixture.Grains.GetGrain<IInvoiceGrain>(tenant.KeyFor(Ids.New(IdPrefixes.Invoice)));
        var forgotten = fixture.Grains.GetGrain<IInvoiceGrain>(tenant.KeyFor(Ids.New(IdPrefixes.Invoice)));
        Fresh.Mark(marked.GetGrainId());
        Fresh.Mark(forgotten.GetGrainId()).Dispose();

        Assert.Null(await marked.Get());
        Assert.Null(await forgotten.Get());
        Assert.Equal(0, ClusterFixture.Storage.ReadsOf(marked.GetGrainId()));
        Assert.Equal(1, ClusterFixture.Storage.ReadsOf(forgotten.GetGrainId()));
        Assert.False(Fresh.Holds(marked.GetGrainId()));

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Null(await marked.Get());
        Assert.Equal(1, ClusterFixture.Storage.ReadsOf(marked.GetGrainId()));
    }

    [Fact]
    public async Task AMarkedGrainWhoseStateIsStoredAfterAll_FailsItsFirstWrite_ThenReadsWhatIsStored()
    {
        var tenant = new Tenant(Ids.New(IdPrefixes.Organization), Tenant.Sandbox);
        var clock = ClusterFixture.Clocks.Own(tenant.OrgId);
        var policyId = Ids.New(IdPrefixes.Policy, clock);
        var invoice = fixture.Grains.GetGrain<IInvoiceGrain>(tenant.KeyFor(Ids.New(IdPrefixes.Invoice, clock)));
        NewInvoice Installment(string number) => new(policyId, "GL-8", number, 1, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(40), "USD",
            [new InvoiceLine("premium", "Premium", 100m)], Actor.System);
        await invoice.Issue(Installment("GL-8-01"));
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // A wrong mark: the store holds the invoice, so its first write (as a new one) is refused, not laid over it.
        Fresh.Mark(invoice.GetGrainId());
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => invoice.Issue(Installment("GL-8-99")));
        Assert.Equal("GL-8-01", (await invoice.Get())!.Number);
    }
}
