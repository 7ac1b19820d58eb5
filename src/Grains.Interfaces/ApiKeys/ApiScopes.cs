namespace Insure.Grains;

/// <summary>What an API key may do: `*`, or `resource:read` / `resource:write` (write includes read).</summary>
public static class ApiScopes
{
    /// <summary>Resources a scope may name. `*` grants everything; `resource:write` includes `resource:read`.</summary>
    public static readonly string[] Resources =
    [
        "api_keys", "events", "policyholders", "products", "submissions", "policies", "claims", "invoices",
        "webhooks", "deal_rooms", "referrals", "documents",
    ];

    public static bool IsValid(string scope)
    {
        if (scope == "*")
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
