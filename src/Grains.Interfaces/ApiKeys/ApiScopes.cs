namespace Insure.Grains;

/// <summary>
/// What an API key may do: `*`, `resource:read` / `resource:write` (write includes read), or one of the
/// <see cref="Actions"/>, which only `*` or the action itself grants.
/// </summary>
public static class ApiScopes
{
    /// <summary>Resources a scope may name. `*` grants everything; `resource:write` includes `resource:read`.</summary>
    public static readonly string[] Resources =
    [
        "api_keys", "events", "policyholders", "products", "submissions", "policies", "claims", "invoices",
        "webhooks", "deal_rooms", "referrals", "documents", "producers",
        "integrations",
    ];

    /// <summary>
    /// Scopes for acts that take more authority than writing the resource: deciding a referral is an underwriter's call,
    /// so `referrals:write` (open a referral) does not include `referrals:decide`, nor does `referrals:decide` include reading.
    /// </summary>
    public static readonly string[] Actions = ["referrals:decide"];

    public static bool IsValid(string scope)
    {
        if (scope == "*" || Actions.Contains(scope))
        {
            return true;
        }
        var colon = scope.IndexOf(':');
        return colon > 0 && Resources.Contains(scope[..colon]) && scope[(colon + 1)..] is "read" or "write";
    }

    public static bool Covers(string granted, string required) =>
        granted == "*" || granted == required
        || (required.EndsWith(":read", StringComparison.Ordinal) && granted == required[..^4] + "write");
}
