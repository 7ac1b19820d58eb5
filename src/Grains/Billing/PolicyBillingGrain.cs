namespace Insure.Grains.Billing;

/// <summary>
/// A policy's billing. An instruction is first stored as the invoices it decides (with their ids), then each invoice
/// grain issues its own; invoices stored but not yet issued are issued again on the next call or activation, and
/// issuing is idempotent, so an instruction delivered twice or interrupted halfway bills exactly once.
/// </summary>
internal sealed class PolicyBillingGrain(
    [PersistentState("billing", Names.Storage)] IPersistentState<PolicyBillingState> state,
    TenantClocks clocks) : Grain, IPolicyBillingGrain
{
    private TenantGrains _grains;
    private TimeProvider _time = TimeProvider.System;

    private PolicyBillingState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenant, _) = Tenant.ParseKey(this.GetPrimaryKeyString());
        _grains = new TenantGrains(GrainFactory, tenant);
        _time = clocks.For(tenant.OrgId);
        await IssuePending();
    }

    public async Task Apply(BillingInstruction instruction)
    {
        if (!State.Applied.Contains(instruction.Id))
        {
            foreach (var invoice in PolicyBillingRules.Invoices(instruction, State.InvoiceIds.Count))
            {
                var id = Ids.New(IdPrefixes.Invoice, _time);
                State.Pending.Add(new PendingInvoice(id, invoice));
                State.InvoiceIds.Add(id);
            }
            State.Applied.Add(instruction.Id);
            await state.WriteStateAsync();
        }
        await IssuePending();
    }

    public Task<string[]> InvoiceIds() => Task.FromResult(State.InvoiceIds.ToArray());

    public Task<string?> PaymentMethod() => Task.FromResult(State.PaymentMethod);

    public async Task SetPaymentMethod(string paymentMethod)
    {
        if (State.PaymentMethod != paymentMethod)
        {
            State.PaymentMethod = paymentMethod;
            await state.WriteStateAsync();
        }
    }

    private async Task IssuePending()
    {
        if (State.Pending.Count == 0)
        {
            return;
        }
        await Task.WhenAll(State.Pending.Select(p => _grains.Get<IInvoiceGrain>(p.Id).Issue(p.Invoice)));
        State.Pending.Clear();
        await state.WriteStateAsync();
    }
}
