namespace Insure.Grains.Billing;

/// <summary>How a policy's billing instructions become invoices (pure).</summary>
internal static class PolicyBillingRules
{
    /// <summary>
    /// The invoices an instruction issues. A bind issues one per installment, numbered after the policy
    /// (`GL-2026-000001-01`, `-02`, ...) from <paramref name="issuedBefore"/> on.
    /// </summary>
    public static IEnumerable<NewInvoice> Invoices(BillingInstruction instruction, int issuedBefore) =>
        instruction.Kind != BillingInstructionKinds.Bind ? [] :
        instruction.Installments.Select((installment, i) => new NewInvoice(
            instruction.PolicyId, instruction.PolicyNumber, $"{instruction.PolicyNumber}-{issuedBefore + i + 1:D2}", installment.Number,
            installment.DueDate, instruction.Currency, installment.Lines, instruction.By));

    /// <summary>
    /// Of invoices just issued, those whose due-date collection is more than <see cref="InvoiceRules.WakeAhead"/> away at
    /// <paramref name="now"/>: issued without a reminder (<see cref="InvoiceRules.WokenByBilling"/>), they are billing's to
    /// wake. One issued nearer sets its own reminder; waking it as well would change nothing.
    /// </summary>
    public static IEnumerable<InvoiceToWake> ToWake(IEnumerable<PendingInvoice> issued, DateTimeOffset now) =>
        issued.Where(p => InvoiceRules.CollectionAt(p.Invoice.DueDate) - now > InvoiceRules.WakeAhead)
            .Select(p => new InvoiceToWake(p.Id, p.Invoice.DueDate));

    /// <summary>Of the installments to wake, those due to be woken at <paramref name="now"/>.</summary>
    public static List<InvoiceToWake> DueToWake(IEnumerable<InvoiceToWake> toWake, DateTimeOffset now) =>
        toWake.Where(w => InvoiceRules.CollectionAt(w.DueDate) - now <= InvoiceRules.WakeAhead).ToList();

    /// <summary>When billing next wakes an installment: a week before the earliest collection among them; none without any.</summary>
    public static DateTimeOffset? WakeAt(IEnumerable<InvoiceToWake> toWake) =>
        toWake.Select(w => InvoiceRules.CollectionAt(w.DueDate) - InvoiceRules.WakeAhead).Order().Cast<DateTimeOffset?>().FirstOrDefault();

    /// <summary>
    /// An adjustment's effect on the invoices. A charge is spread over the open (or payment_failed) invoices, each kind
    /// evenly to the cent with the odd cents on the earliest; with none open it becomes one new invoice due
    /// <paramref name="today"/>. A credit is applied to open invoices first, latest due first, never below what is
    /// paid on each; the rest is refunded from paid invoices, newest first, up to what each has left to refund.
    /// </summary>
    public static BillingPlan Adjust(BillingInstruction instruction, string policyId, IReadOnlyList<InvoiceInfo> invoices, int issuedBefore, DateOnly today)
    {
        var total = instruction.Premium + instruction.Taxes + instruction.Fees;
        var reason = instruction.Reason ?? "adjustment";
        var open = invoices.Where(i => i.Status is InvoiceStatuses.Open or InvoiceStatuses.PaymentFailed && i.AmountDue > 0)
            .OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
        var operations = new List<BillingOperation>();
        if (total > 0)
        {
            if (open.Count == 0)
            {
                var lines = Charge(instruction, reason, 0, 1);
                return new BillingPlan([], new NewInvoice(policyId, instruction.PolicyNumber, $"{instruction.PolicyNumber}-{issuedBefore + 1:D2}", null,
                    today, instruction.Currency, lines, instruction.By));
            }
            for (var i = 0; i < open.Count; i++)
            {
                operations.Add(new BillingOperation($"{instruction.Id}:{open[i].Id}", open[i].Id, Charge(instruction, reason, i, open.Count), 0m, reason, instruction.By, instruction.Currency));
            }
            return new BillingPlan(operations, null);
        }
        var credit = -total;
        var closedByCredit = new HashSet<string>();
        foreach (var invoice in open.AsEnumerable().Reverse())
        {
            var applied = Math.Min(credit, invoice.AmountDue);
            if (applied == invoice.AmountDue && invoice.AmountPaid > 0)
            {
                // Credited down to what was paid on it: it closes as paid, and its payments can take a refund too.
                closedByCredit.Add(invoice.Id);
            }
            if (applied > 0)
            {
                operations.Add(new BillingOperation($"{instruction.Id}:{invoice.Id}", invoice.Id,
                    [new InvoiceLine(InvoiceLineKinds.Credit, $"Credit: {reason}", -applied)], 0m, reason, instruction.By, instruction.Currency));
                credit -= applied;
            }
        }
        // Then written-off invoices (uncollectible, or voided with what was due on them written off): what is credited
        // there is no longer owed, and their write-off shrinks by as much rather than being paid out.
        foreach (var invoice in invoices.Where(i => i.Status == InvoiceStatuses.Uncollectible && i.AmountDue > 0 || i.Status == InvoiceStatuses.Voided && i.WrittenOff > 0)
                     .OrderByDescending(i => i.DueDate))
        {
            var applied = Math.Min(credit, invoice.Status == InvoiceStatuses.Voided ? invoice.WrittenOff : invoice.AmountDue);
            if (applied > 0)
            {
                operations.Add(new BillingOperation($"{instruction.Id}:{invoice.Id}", invoice.Id,
                    [new InvoiceLine(InvoiceLineKinds.Credit, $"Credit: {reason}", -applied)], 0m, reason, instruction.By, instruction.Currency));
                credit -= applied;
            }
        }
        foreach (var invoice in invoices.Where(i => i.Status is InvoiceStatuses.Paid or InvoiceStatuses.PartiallyRefunded || closedByCredit.Contains(i.Id))
                     .OrderByDescending(i => i.DueDate).ThenByDescending(i => i.Number, StringComparer.Ordinal))
        {
            var refund = Math.Min(credit, invoice.AmountPaid - invoice.AmountRefunded);
            if (refund > 0)
            {
                operations.Add(new BillingOperation($"{instruction.Id}:{invoice.Id}:refund", invoice.Id, [], refund, $"Return premium: {reason}", instruction.By, instruction.Currency));
                credit -= refund;
            }
        }
        return new BillingPlan(operations, null);
    }

    /// <summary>A planned charge whose invoice moved on before it could take it: an invoice of its own, due <paramref name="today"/>.</summary>
    public static NewInvoice OwnInvoice(BillingOperation charge, string policyId, string policyNumber, int issuedBefore, DateOnly today) =>
        new(policyId, policyNumber, $"{policyNumber}-{issuedBefore + 1:D2}", null, today, charge.Currency, charge.Lines, charge.By);

    /// <summary>Share <paramref name="index"/> of <paramref name="count"/> of each kind of the charge, as endorsement lines (zero shares left out).</summary>
    private static InvoiceLine[] Charge(BillingInstruction instruction, string reason, int index, int count) =>
        new[]
        {
            (InvoiceLineKinds.EndorsementPremium, "Premium", instruction.Premium),
            (InvoiceLineKinds.EndorsementTaxes, "Taxes", instruction.Taxes),
            (InvoiceLineKinds.EndorsementFees, "Fees", instruction.Fees),
        }
        .Select(k => new InvoiceLine(k.Item1, $"{k.Item2}: {reason}", Share(k.Item3, index, count)))
        .Where(l => l.Amount != 0)
        .ToArray();

    private static decimal Share(decimal amount, int index, int count)
    {
        var each = Math.Round(amount / count, 2, MidpointRounding.ToZero);
        return index == 0 ? amount - each * (count - 1) : each;
    }
}
