namespace Insure.Grains;

public static class BillingInstructionKinds
{
    /// <summary>A new policy: one invoice per installment.</summary>
    public const string Bind = "bind";

    /// <summary>Premium written after bind (endorsement, cancellation, reinstatement): charged over open invoices, or credited.</summary>
    public const string Adjust = "adjust";
}
