namespace Insure.Grains;

/// <summary>
/// The query-store totals of a policy's claims (group <see cref="Group"/>, keyed by policy id): how many were filed,
/// how many are not closed, what was paid, and what is still reserved (indemnity and expense). Loss ratios read these.
/// </summary>
public static class PolicyClaimTotals
{
    public const string Group = "policy_claims";
    public const string Count = "count";
    public const string Open = "open";
    public const string Paid = "paid";
    public const string Reserved = "reserved";
}
