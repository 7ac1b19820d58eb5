using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Policyholders;

/// <summary>`/v1/policyholders`: the people and companies that hold policies (Root's policyholders).</summary>
public static class PolicyholdersApi
{
    public static RouteGroupBuilder MapPolicyholders(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/policyholders")
            .WithTags("Policyholders")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429)
            .AllowAgencyTokens(AgencyVisibility.Policyholder);

        group.MapPost("/", Create).RequireScope("policyholders:write")
            .WithName("CreatePolicyholder")
            .WithSummary("Create a policyholder: an `individual` (firstName, lastName) or a `company` (companyName)");
        group.MapGet("/", List).RequireScope("policyholders:read").WithPaging().WithCreatedRange()
            .WithQuery("type", "individual or company")
            .WithQuery("email", "Exact email address (case-insensitive)")
            .WithName("ListPolicyholders")
            .WithSummary("List policyholders; filter by `type`, `email`, `createdAfter`, `createdBefore`");
        group.MapGet("/{id}", Get).RequireScope("policyholders:read")
            .WithName("GetPolicyholder")
            .WithSummary("Retrieve a policyholder");
        group.MapPatch("/{id}", Update).RequireScope("policyholders:write")
            .WithName("UpdatePolicyholder")
            .WithSummary("Change a policyholder's details; fields left out keep their values");
        return group;
    }

    private static async Task<Created<PolicyholderResource>> Create(
        PolicyholderRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var id = context.NewId(IdPrefixes.Policyholder);
        var created = (await context.TenantGrains(grains).Get<IPolicyholderGrain>(id).Create(ToDetails(body!), context.Caller().Actor)).ValueOrThrow()!;
        return TypedResults.Created($"/v1/policyholders/{id}", created.ToResource());
    }

    private static async Task<ListPage<PolicyholderResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        var paging = PageRequest.From(request);
        var tags = QueryParameters.Tags(request, "type", "email")?.ToDictionary(t => t.Key, t => t.Key == "email" ? t.Value.ToLowerInvariant() : t.Value);
        var filter = new QueryFilter(AgencyVisibility.Tags(context, tags), QueryParameters.Timestamp(request, "createdAfter"), QueryParameters.Timestamp(request, "createdBefore"));
        return await queries.Read<PolicyholderInfo, PolicyholderResource>(QueryKinds.Policyholder, context.Caller().Tenant.ToString(), filter, paging, p => p.ToResource());
    }

    private static async Task<Results<Ok<PolicyholderResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var info = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return info is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Policyholder")) : TypedResults.Ok(info.ToResource());
    }

    private static async Task<Results<Ok<PolicyholderResource>, NotFound<ApiError>>> Update(
        string id, PolicyholderRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var grain = Grain(id, context, grains);
        var updated = grain is null ? null : (await grain.Update(ToDetails(body!), context.Caller().Actor)).ValueOrThrow();
        return updated is not null
            ? TypedResults.Ok(updated.ToResource())
            : TypedResults.NotFound(ErrorResponses.NotFound(context, "Policyholder"));
    }

    /// <summary>The request as details; on a PATCH, null fields (and an empty type) mean "unchanged".</summary>
    private static PolicyholderDetails ToDetails(PolicyholderRequest body) => new(
        body.Type ?? "", body.FirstName, body.LastName, body.CompanyName, body.RegistrationNumber, body.Email, body.Phone, body.DateOfBirth,
        body.Address is { } a ? new Address(a.Line1, a.Line2, a.City, a.State, a.PostalCode, a.Country) : null);

    private static IPolicyholderGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IPolicyholderGrain>(IdPrefixes.Policyholder, id);
}
