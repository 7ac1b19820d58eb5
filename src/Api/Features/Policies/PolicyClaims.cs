using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;

namespace Insure.Api.Features.Policies;

/// <summary>Reads policies' claim totals from the query store (one query for any number of policies).</summary>
public static class PolicyClaims
{
    public static async Task<IReadOnlyDictionary<string, PolicyClaimsResource>> For(
        IQueryStore queries, HttpContext context, IReadOnlyCollection<string> policyIds)
    {
        var totals = await queries.Totals(PolicyClaimTotals.Group, context.Caller().Tenant.ToString(), policyIds, context.RequestAborted);
        return policyIds.Distinct().ToDictionary(id => id, id => totals.TryGetValue(id, out var amounts) ? Show(amounts) : PolicyClaimsResource.None);
    }

    /// <summary>The policy's resource with its claim totals.</summary>
    public static async Task<PolicyResource> With(this PolicyResource policy, IQueryStore queries, HttpContext context) =>
        policy with { Claims = (await For(queries, context, [policy.Id]))[policy.Id] };

    private static PolicyClaimsResource Show(IReadOnlyDictionary<string, decimal> amounts) => new(
        (int)amounts.GetValueOrDefault(PolicyClaimTotals.Count),
        (int)amounts.GetValueOrDefault(PolicyClaimTotals.Open),
        amounts.GetValueOrDefault(PolicyClaimTotals.Paid),
        amounts.GetValueOrDefault(PolicyClaimTotals.Reserved));
}
