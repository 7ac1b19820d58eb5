using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Ledger;

/// <summary>`/v1/policies/{id}/ledger`: every money movement of a policy as balanced double-entry transactions.</summary>
public static class LedgerApi
{
    public static void MapLedger(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/policies/{id}/ledger", Get).RequireScope("policies:read").WithPaging()
            .WithTags("Policies")
            .WithErrorResponses(400, 401, 403, 404, 429)
            .AllowAgencyTokens(AgencyVisibility.Policy)
            .WithQuery("asOf", "Balances and entries posted by the end of this day, and premium earned by then", "date")
            .WithName("GetPolicyLedger")
            .WithSummary("A policy's ledger: entries `{id, transactionId, account, debit, credit, currency, createdAt, reason, sourceId}` " +
                "(newest first), each account's balance, total debits and credits (always equal), and written, earned and unearned premium " +
                "as of `asOf` (default today)");
    }

    private static async Task<Results<Ok<LedgerResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains, IQueryStore queries)
    {
        var paging = PageRequest.From(context.Request);
        var asOf = QueryParameters.Date(context.Request, "asOf");
        var clock = context.TenantClock();
        var day = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var policy = context.TenantGrains(grains).Find<IPolicyGrain>(IdPrefixes.Policy, id);
        var earned = policy is null ? null : await policy.Earned(day);
        if (earned is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Policy"));
        }
        var tenant = context.Caller().Tenant.ToString();
        // The last representable day has no end of day to compare with: it is the same as no bound at all.
        DateTimeOffset? endOfDay = asOf is { } bound && bound < DateOnly.MaxValue
            ? new DateTimeOffset(bound.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
        var filter = new QueryFilter(new Dictionary<string, string> { ["policyId"] = id }, CreatedBefore: endOfDay);
        var page = await queries.List(QueryKinds.LedgerEntry, tenant, filter, paging.Page, paging.PageSize, context.RequestAborted);
        var balances = endOfDay is null
            ? FromTotals((await queries.Totals(LedgerAccounts.TotalsGroup, tenant, [id], context.RequestAborted)).GetValueOrDefault(id))
            : await FromEntries(queries, tenant, filter, context.RequestAborted);
        return TypedResults.Ok(new LedgerResource("ledger", id, earned.Currency, balances, balances.Sum(b => b.Debit), balances.Sum(b => b.Credit),
            new EarningResource(day, earned.Written, earned.Earned, earned.Unearned),
            page.Documents.Select(d => InsureJson.Deserialize<LedgerEntryInfo>(d).ToResource()).ToArray(),
            paging.Page, paging.PageSize, page.Total, page.TotalCapped));
    }

    /// <summary>Each account's balance from the running totals the store keeps as entries are posted.</summary>
    private static LedgerBalanceResource[] FromTotals(IReadOnlyDictionary<string, decimal>? totals) =>
        LedgerAccounts.All.Select(account =>
        {
            var debit = totals?.GetValueOrDefault($"{account}:debit") ?? 0m;
            var credit = totals?.GetValueOrDefault($"{account}:credit") ?? 0m;
            return new LedgerBalanceResource(account, debit, credit, debit - credit);
        }).ToArray();

    /// <summary>Balances as of a past day, summed from the entries posted by then (a policy has few; the list bound applies).</summary>
    private static async Task<LedgerBalanceResource[]> FromEntries(IQueryStore queries, string tenant, QueryFilter filter, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<string, decimal>();
        for (var page = 1; ; page++)
        {
            var batch = await queries.List(QueryKinds.LedgerEntry, tenant, filter, page, 100, cancellationToken);
            foreach (var entry in batch.Documents.Select(InsureJson.Deserialize<LedgerEntryInfo>))
            {
                sums[$"{entry.Account}:debit"] = sums.GetValueOrDefault($"{entry.Account}:debit") + entry.Debit;
                sums[$"{entry.Account}:credit"] = sums.GetValueOrDefault($"{entry.Account}:credit") + entry.Credit;
            }
            if (batch.Documents.Count < 100 || (long)page * 100 >= queries.CountLimit)
            {
                return FromTotals(sums);
            }
        }
    }
}
