using Insure.Api.Features.ApiKeys;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Admin;

/// <summary>Platform administration: organizations. Authenticated by `Insure:AdminSecret` as a Bearer token.</summary>
public static class OrganizationsAdminApi
{
    public static RouteGroupBuilder MapOrganizationsAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/admin/organizations")
            .WithTags("Admin")
            .RequireAdmin()
            .WithErrorResponses(400, 401, 404, 409, 413, 422, 429);

        group.MapPost("/", Create)
            .WithName("CreateOrganization")
            .WithSummary("Create an organization and its first sandbox API key (scopes `*`); the secret is shown once (Cache-Control: no-store)");
        group.MapGet("/", List).WithPaging()
            .WithName("ListOrganizations")
            .WithSummary("List organizations");
        group.MapGet("/{id}", Get)
            .WithName("GetOrganization")
            .WithSummary("Retrieve an organization");
        group.MapPatch("/{id}", Update)
            .WithName("UpdateOrganization")
            .WithSummary("Change an organization's tier, live approval, status or name")
            .WithDescription("`status` is `active` or `suspended`: every key of a suspended organization fails with 401 from its next "
                + "request until it is active again. Setting `liveApproved` to false disables its production keys (403) from their "
                + "next request; sandbox keys keep working.");
        group.MapPost("/{id}/api-keys", CreateKey)
            .WithName("CreateOrganizationApiKey")
            .WithSummary("Create an API key for an organization in either environment (production needs live approval); the secret is shown once (Cache-Control: no-store)");
        return group;
    }

    private static async Task<Created<CreatedOrganizationDto>> Create(
        CreateOrganizationRequest? body, HttpContext context, IGrainFactory grains, ApiKeyIssuer issuer, ILoggerFactory loggers)
    {
        Validate.Body(body);
        var name = Validate.Required(body!.Name, "name");
        var created = await Organizations.Create(grains, issuer, name, Actor.Platform);
        Audit(loggers).LogInformation("The platform admin created organization {OrganizationId} with sandbox key {KeyId}", created.Id, created.ApiKey.Id);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/admin/organizations/{created.Id}", created);
    }

    private static async Task<ListPage<OrganizationDto>> List(HttpRequest request, IQueryStore queries)
    {
        return await queries.Read<OrganizationInfo, OrganizationDto>(QueryKinds.Organization, QueryKinds.PlatformTenant, QueryFilter.None,
            PageRequest.From(request), info => info.ToDto());
    }

    private static async Task<Results<Ok<OrganizationDto>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var info = Ids.IsValid(IdPrefixes.Organization, id) ? await grains.Keyed<IOrganizationGrain>(id).Get() : null;
        return info is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Organization"))
            : TypedResults.Ok(info.ToDto());
    }

    private static async Task<Results<Ok<OrganizationDto>, NotFound<ApiError>>> Update(
        string id, UpdateOrganizationRequest? body, HttpContext context, IGrainFactory grains, ILoggerFactory loggers)
    {
        Validate.Body(body);
        if (body!.Tier is not null && !OrganizationTiers.IsValid(body.Tier))
        {
            throw ApiException.Validation("tier", "enum", "tier must be \"standard\" or \"enterprise\"");
        }
        if (body.Status is not null && !OrganizationStatuses.IsValid(body.Status))
        {
            throw ApiException.Validation("status", "enum", "status must be \"active\" or \"suspended\"");
        }
        var name = body.Name is null ? null : Validate.Required(body.Name, "name");
        var info = Ids.IsValid(IdPrefixes.Organization, id)
            ? await grains.Keyed<IOrganizationGrain>(id).Update(new OrganizationUpdate(body.Tier, body.LiveApproved, name, body.Status))
            : null;
        if (info is not null)
        {
            Audit(loggers).LogInformation("The platform admin updated organization {OrganizationId}: tier {Tier}, live approved {LiveApproved}, status {Status}",
                info.Id, info.Tier, info.LiveApproved, StatusOf(info));
        }
        return info is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Organization"))
            : TypedResults.Ok(info.ToDto());
    }

    private static async Task<Results<Created<CreatedApiKeyDto>, NotFound<ApiError>>> CreateKey(
        string id, CreateApiKeyRequest? body, HttpContext context, IGrainFactory grains, ApiKeyIssuer issuer, ILoggerFactory loggers)
    {
        Validate.Body(body);
        if (!Ids.IsValid(IdPrefixes.Organization, id) || await grains.Keyed<IOrganizationGrain>(id).Get() is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Organization"));
        }
        var created = await issuer.Issue(body!, new Tenant(id, Tenant.Sandbox), creator: null);
        Audit(loggers).LogInformation("The platform admin created API key {KeyId} of organization {OrganizationId}", created.Id, id);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/api-keys/{created.Id}", created);
    }

    public static OrganizationDto ToDto(this OrganizationInfo info) =>
        new(info.Id, "organization", info.Name, info.Tier, info.LiveApproved, StatusOf(info), info.CreatedAt, info.UpdatedAt, info.CreatedBy);

    // Organizations listed from query rows written before statuses existed carry none: they were active.
    private static string StatusOf(OrganizationInfo info) => info.Status ?? OrganizationStatuses.Active;

    /// <summary>What the platform admin does is logged under one category, at Information, for the operator's audit trail.</summary>
    private static ILogger Audit(ILoggerFactory loggers) => loggers.CreateLogger("Insure.Admin");
}
