namespace Insure.Grains;

/// <summary>
/// The accounts of the double-entry ledger. Debit-normal: receivable, cash, claims paid, bad debt; credit-normal: the
/// rest. Unearned premium becomes earned with time; <c>GET /v1/policies/{id}/ledger?asOf=</c> computes that split.
/// </summary>
public static class LedgerAccounts
{
    public const string PremiumReceivable = "premium_receivable";
    public const string Cash = "cash";
    public const string UnearnedPremium = "unearned_premium";
    public const string EarnedPremium = "earned_premium";
    public const string TaxesPayable = "taxes_payable";
    public const string FeesIncome = "fees_income";
    public const string RefundsPayable = "refunds_payable";
    public const string ClaimsPaid = "claims_paid";
    public const string BadDebt = "bad_debt";

    public static readonly string[] All =
        [PremiumReceivable, Cash, UnearnedPremium, EarnedPremium, TaxesPayable, FeesIncome, RefundsPayable, ClaimsPaid, BadDebt];

    /// <summary>The query-store totals group of a policy's ledger (keyed by policy id; amounts `{account}:debit` and `{account}:credit`).</summary>
    public const string TotalsGroup = "policy_ledger";
}
