using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Policies;

/// <summary>`/v1/policies`: bound policies.</summary>
public static class PoliciesApi
{
    public static RouteGroupBuilder MapPolicies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/policies")
            .WithTags("Policies")
            .WithErrorResponses(400, 401, 403, 404, 429);

        group.MapGet("/", List).RequireScope("policies:read")
            .WithName("ListPolicies")
            .WithSummary("List policies; filter by `status`, `lineOfBusiness`, `policyholderId`, `producerId`, `effectiveAfter`, `effectiveBefore` (dates, inclusive)");
        group.MapGet("/{id}", Get).RequireScope("policies:read")
            .WithName("GetPolicy")
            .WithSummary("Retrieve a policy with its premium, installment schedule and rating breakdown");
        return group;
    }

    private static async Task<ListPage<PolicyResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        var paging = PageRequest.From(request);
        var from = QueryParameters.Date(request, "effectiveAfter");
        var to = QueryParameters.Date(request, "effectiveBefore");
        var filter = new QueryFilter(
            QueryParameters.Tags(request, "status", "lineOfBusiness", "policyholderId", "producerId"),
            Ranges: from is null && to is null ? null : [new TagRange("effectiveDate", from?.ToString("yyyy-MM-dd"), to?.ToString("yyyy-MM-dd"))]);
        var page = await queries.List(QueryKinds.Policy, context.Caller().Tenant.ToString(), filter, paging.Page, paging.PageSize);
        return new ListPage<PolicyResource>(
            page.Documents.Select(d => InsureJson.Deserialize<PolicyInfo>(d).ToResource()).ToList(), paging.Page, paging.PageSize, page.Total);
    }

    private static async Task<Results<Ok<PolicyResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var policy = Ids.IsValid("pol", id) ? await grains.GetGrain<IPolicyGrain>(context.Caller().Tenant.KeyFor(id)).Get() : null;
        return policy is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Policy"))
            : TypedResults.Ok(policy.ToResource());
    }
}
