namespace Insure.Grains;

/// <summary>What a claim reserve is held for: the loss itself (indemnity) or the cost of handling it (expense).</summary>
public static class ReserveCategories
{
    public const string Indemnity = "indemnity";
    public const string Expense = "expense";

    public static readonly string[] All = [Indemnity, Expense];
}
