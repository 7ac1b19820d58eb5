using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes, string? Environment, DateTimeOffset? ExpiresAt);

/// <summary>A key just created: `key` holds the secret, shown this once.</summary>
public sealed record CreatedApiKeyDto(
    string Id, string Object, string Name, string Environment, string[] Scopes, string Key,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, Actor CreatedBy);

/// <summary>`/v1/api-keys`: an organization's keys for the caller's environment.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/api-keys")
            .WithTags("API keys")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429);

        group.MapPost("/", Create).RequireScope("api_keys:write")
            .WithName("CreateApiKey")
            .WithSummary("Create an API key; the response holds the secret, shown only this once");
        group.MapGet("/", List).RequireScope("api_keys:read").WithPaging()
            .WithName("ListApiKeys")
            .WithSummary("List the API keys of the caller's organization and environment");
        group.MapGet("/{id}", Get).RequireScope("api_keys:read")
            .WithName("GetApiKey")
            .WithSummary("Retrieve an API key (never its secret)");
        group.MapDelete("/{id}", Revoke).RequireScope("api_keys:write")
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key; it fails with 401 from its next request");
        return group;
    }

    private static async Task<Created<CreatedApiKeyDto>> Create(
        CreateApiKeyRequest? body, HttpContext context, IGrainFactory grains)
    {
        var time = context.TenantClock();
        Validate.Body(body);
        var caller = context.Caller();
        if (body!.Environment is { } environment && environment != caller.Tenant.Environment && Tenant.IsEnvironment(environment))
        {
            throw ApiException.Forbidden(
                $"A {caller.Tenant.Environment} key creates {caller.Tenant.Environment} keys only; {environment} keys come from a {environment} key or the admin API");
        }
        var created = await IssueKey(body, caller.Tenant, caller.Actor, caller.Has, grains, time);
        return TypedResults.Created($"/v1/api-keys/{created.Id}", created);
    }

    /// <summary>
    /// Checks a key request and creates the key in <paramref name="tenant"/>. <paramref name="mayGrant"/> says which
    /// scopes the creator may hand out (a key cannot grant more than it holds). Production keys need live approval.
    /// </summary>
    public static async Task<CreatedApiKeyDto> IssueKey(
        CreateApiKeyRequest body, Tenant tenant, Actor by, Func<string, bool> mayGrant, IGrainFactory grains, TimeProvider time)
    {
        var name = Validate.Required(body.Name, "name", 100);
        var scopes = body.Scopes ?? throw ApiException.Validation("scopes", "required", "Missing required field: scopes");
        if (scopes.Length == 0)
        {
            throw ApiException.Validation("scopes", "min_items", "scopes must name at least one scope (or \"*\")");
        }
        for (var i = 0; i < scopes.Length; i++)
        {
            if (scopes[i] is null || !ApiScopes.IsValid(scopes[i]))
            {
                throw ApiException.Validation($"scopes[{i}]", "format",
                    $"Unknown scope \"{scopes[i]}\": use \"*\" or resource:read|write with a resource of {string.Join(", ", ApiScopes.Resources)}");
            }
            if (!mayGrant(scopes[i]))
            {
                throw ApiException.Forbidden($"A key cannot grant the scope {scopes[i]}, which it does not hold itself");
            }
        }
        var environment = body.Environment ?? tenant.Environment;
        if (!Tenant.IsEnvironment(environment))
        {
            throw ApiException.Validation("environment", "enum", "environment must be \"sandbox\" or \"production\"");
        }
        if (body.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            throw ApiException.Validation("expiresAt", "future", "expiresAt must be in the future");
        }
        if (environment == Tenant.Production)
        {
            var organization = await grains.GetGrain<IOrganizationGrain>(tenant.OrgId).Get();
            if (organization is not { LiveApproved: true })
            {
                throw ApiException.Forbidden("Production keys need an organization approved for live use");
            }
        }
        var keyTenant = tenant with { Environment = environment };
        var keyId = Ids.New("key", time);
        var created = await grains.GetGrain<IApiKeyGrain>(keyTenant.KeyFor(keyId))
            .Create(new NewApiKey(name, scopes.Distinct().ToArray(), body.ExpiresAt, by));
        return created.ToCreatedDto();
    }

    private static async Task<ListPage<ApiKeyResource>> List(
        HttpContext context, IQueryStore queries)
    {
        var time = context.TenantClock();
        var now = time.GetUtcNow();
        return await queries.Read<ApiKeyInfo, ApiKeyResource>(QueryKinds.ApiKey, context.Caller().Tenant.ToString(), QueryFilter.None,
            PageRequest.From(context.Request), key => key.ToResource(now));
    }

    private static async Task<Results<Ok<ApiKeyResource>, NotFound<ApiError>>> Get(
        string id, HttpContext context, IGrainFactory grains)
    {
        var time = context.TenantClock();
        var info = Ids.IsValid("key", id) ? await grains.GetGrain<IApiKeyGrain>(context.Caller().Tenant.KeyFor(id)).Get() : null;
        return info is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "API key"))
            : TypedResults.Ok(info.ToResource(time.GetUtcNow()));
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> Revoke(string id, HttpContext context, IGrainFactory grains)
    {
        var caller = context.Caller();
        var info = Ids.IsValid("key", id) ? await grains.GetGrain<IApiKeyGrain>(caller.Tenant.KeyFor(id)).Revoke(caller.Actor) : null;
        return info is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "API key")) : TypedResults.NoContent();
    }

    public static CreatedApiKeyDto ToCreatedDto(this ApiKeyCreated created) => new(
        created.Key.Id, "api_key", created.Key.Name, created.Key.Environment, created.Key.Scopes, created.Secret,
        created.Key.CreatedAt, created.Key.ExpiresAt, created.Key.CreatedBy);
}
