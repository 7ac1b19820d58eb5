namespace Insure.Grains.Billing;

/// <summary>How a policy's billing instructions become invoices (pure).</summary>
internal static class PolicyBillingRules
{
    /// <summary>
    /// The invoices an instruction issues. A bind issues one per installment, numbered after the policy
    /// (`GL-2026-000001-01`, `-02`, ...) from <paramref name="issuedBefore"/> on.
    /// </summary>
    public static IEnumerable<NewInvoice> Invoices(BillingInstruction instruction, int issuedBefore) =>
        instruction.Installments.Select((installment, i) => new NewInvoice(
            instruction.PolicyId, instruction.PolicyNumber, $"{instruction.PolicyNumber}-{issuedBefore + i + 1:D2}", installment.Number,
            installment.DueDate, instruction.Currency, installment.Lines, instruction.By));
}
