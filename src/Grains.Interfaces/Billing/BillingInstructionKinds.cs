namespace Insure.Grains;

public static class BillingInstructionKinds
{
    /// <summary>A new policy: one invoice per installment.</summary>
    public const string Bind = "bind";
}
