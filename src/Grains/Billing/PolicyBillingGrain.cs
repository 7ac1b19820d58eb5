using Insure.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Billing;

/// <summary>
/// A policy's billing. An instruction is first stored as the invoices it decides (with their ids), then each invoice
/// grain issues its own; invoices stored but not yet issued are issued again on the next call or activation, and
/// issuing is idempotent, so an instruction delivered twice or interrupted halfway bills exactly once. One reminder wakes
/// the installments issued too far ahead for a reminder of their own, a week before each falls due.
/// Activated on the calling silo: a new policy's first instruction is delivered with its billing marked fresh
/// (<see cref="FreshGrains"/>), so that activation skips its first read.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed class PolicyBillingGrain(
    [PersistentState("billing", Names.Storage)] IPersistentState<PolicyBillingState> state,
    TenantClocks clocks,
    FreshGrains fresh,
    ILogger<PolicyBillingGrain> logger) : Grain, IPolicyBillingGrain, IRemindable
{
    private const string WakeReminder = "wake";

    private TenantGrains _grains;
    private string _policyId = "";
    private TimeProvider _time = TimeProvider.System;

    private PolicyBillingState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenant, policyId) = Tenant.ParseKey(this.GetPrimaryKeyString());
        _policyId = policyId;
        _grains = new TenantGrains(GrainFactory, tenant);
        _time = clocks.For(tenant.OrgId);
        // Leftover steps run on a timer turn, not inside activation: a step that keeps failing must not fail every call
        // (invoices ask for the card on file), and an invoice that activated billing must not wait on its own step.
        if (State.Pending.Count > 0 || State.Operations.Count > 0)
        {
            this.RegisterGrainTimer(_ => IssuePending(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
        return Task.CompletedTask;
    }

    public async Task Apply(BillingInstruction instruction)
    {
        var minted = default(FreshGrains.Marks);
        if (!State.Applied.Contains(instruction.Id))
        {
            var issuedBefore = State.InvoiceIds.Count;
            var invoices = instruction.Kind == BillingInstructionKinds.Adjust ? await Invoices() : [];
            // One reading: the invoices decided together share it as their creation moment, and an adjustment's own invoice is due that day.
            var decidedAt = _time.GetUtcNow();
            var adjusted = instruction.Kind == BillingInstructionKinds.Adjust
                ? PolicyBillingRules.Adjust(instruction, _policyId, invoices, issuedBefore, DateOnly.FromDateTime(decidedAt.UtcDateTime))
                : new BillingPlan([], null);
            foreach (var invoice in PolicyBillingRules.Invoices(instruction, issuedBefore).Concat(adjusted.NewInvoice is { } extra ? [extra] : []))
            {
                var id = Ids.New(IdPrefixes.Invoice, _time);
                State.Pending.Add(new PendingInvoice(id, invoice with { CreatedAt = decidedAt }));
                State.InvoiceIds.Add(id);
            }
            State.Operations.AddRange(adjusted.Operations);
            if (instruction.PolicyNumber.Length > 0)
            {
                State.PolicyNumber = instruction.PolicyNumber;
            }
            State.Applied.Add(instruction.Id);
            await state.WriteStateAsync();
            // Stored, and not called yet: the new invoices' first activations need not look for a stored state.
            minted = fresh.Mark(State.InvoiceIds.Skip(issuedBefore).Select(id => _grains.Get<IInvoiceGrain>(id).GetGrainId()));
        }
        using (minted)
        {
            await IssuePending();
        }
    }

    private async Task<InvoiceInfo[]> Invoices()
    {
        var found = await Task.WhenAll(State.InvoiceIds.Select(id => _grains.Get<IInvoiceGrain>(id).Get()));
        return found.OfType<InvoiceInfo>().ToArray();
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

    /// <summary>Wakes the installments due to be woken (each aims its own reminder), then re-aims at the next.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var due = PolicyBillingRules.DueToWake(State.ToWake, _time.GetUtcNow());
        await Task.WhenAll(due.Select(w => _grains.Get<IInvoiceGrain>(w.Id).Wake()));
        State.ToWake.RemoveAll(due.Contains);
        if (await AimReminder() || due.Count > 0)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// Points the wake reminder a week before the earliest installment to wake (or removes it) when that moved; true
    /// when it did. The caller's next write stores <see cref="PolicyBillingState.ReminderDueAt"/>.
    /// </summary>
    private async Task<bool> AimReminder()
    {
        var at = PolicyBillingRules.WakeAt(State.ToWake);
        if (at == State.ReminderDueAt)
        {
            return false;
        }
        await this.AimAt(WakeReminder, at, _time.GetUtcNow(), TimeSpan.FromDays(1));
        State.ReminderDueAt = at;
        return true;
    }

    /// <summary>Issues the invoices and does the adjustment steps stored as pending; each is idempotent, so repeating them is safe.</summary>
    private async Task IssuePending()
    {
        if (State.Pending.Count == 0 && State.Operations.Count == 0)
        {
            return;
        }
        // Far installments are billing's to wake; the others are woken once issued. Billing decides which are far on a
        // clock reading taken before any invoice takes its own, so one it finds near is near to the invoice too, which
        // aims its own reminder; one issued earlier (a repeat after a failure here, perhaps days later) may have left
        // itself to billing and be near by now, which waking it covers. Waking one that aimed its own reminder changes
        // nothing. The wake reminder is aimed while the invoices are issued: the invoices do not depend on it.
        var far = PolicyBillingRules.ToWake(State.Pending, _time.GetUtcNow()).ToList();
        State.ToWake.AddRange(far.Where(w => !State.ToWake.Contains(w)));
        var aimed = AimReminder();
        await Task.WhenAll(State.Pending.Select(async p =>
        {
            var invoice = _grains.Get<IInvoiceGrain>(p.Id);
            await invoice.Issue(p.Invoice);
            if (far.All(w => w.Id != p.Id))
            {
                await invoice.Wake();
            }
        }).Append(aimed));
        State.Pending.Clear();
        var decidedAt = _time.GetUtcNow();
        foreach (var operation in State.Operations.ToList())
        {
            var invoice = _grains.Get<IInvoiceGrain>(operation.InvoiceId);
            var outcome = operation.RefundAmount > 0
                ? await invoice.Refund(operation.RefundAmount, operation.Reason, operation.By, operation.OperationId)
                : await invoice.Adjust(operation.OperationId, operation.Lines, operation.By);
            if (outcome.Violation is { } refused)
            {
                if (operation.Lines.Sum(l => l.Amount) > 0)
                {
                    // The invoice was paid or voided after the charge was planned on it: the charge gets an invoice of its own.
                    var id = Ids.New(IdPrefixes.Invoice, _time);
                    State.Pending.Add(new PendingInvoice(id, PolicyBillingRules.OwnInvoice(operation, _policyId, State.PolicyNumber ?? _policyId,
                        State.InvoiceIds.Count, DateOnly.FromDateTime(decidedAt.UtcDateTime)) with { CreatedAt = decidedAt }));
                    State.InvoiceIds.Add(id);
                }
                else
                {
                    logger.LogWarning("Billing step {Operation} on {Invoice} was refused: {Reason}", operation.OperationId, operation.InvoiceId, refused.Message);
                }
            }
            State.Operations.Remove(operation);
        }
        await AimReminder();
        await state.WriteStateAsync();
        if (State.Pending.Count > 0)
        {
            await IssuePending();
        }
    }
}
