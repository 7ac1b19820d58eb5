using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.ApiKeys;

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
            .WithSummary("Create an API key; the response holds the secret, shown only this once (Cache-Control: no-store)")
            .WithDescription("The new key never outlives the key that creates it: an `expiresAt` later than the creating key's own "
                + "expiry, or none, is capped to that expiry, and the response shows the `expiresAt` that applies. An organization "
                + "holds at most `Insure:ApiKeys:MaxLivePerTenant` (default 100) live (unrevoked, unexpired) keys per environment; "
                + "beyond that the request is refused with 422 `business_rule_violation`.");
        group.MapGet("/", List).RequireScope("api_keys:read").WithPaging()
            .WithName("ListApiKeys")
            .WithSummary("List the API keys of the caller's organization and environment");
        group.MapGet("/{id}", Get).RequireScope("api_keys:read")
            .WithName("GetApiKey")
            .WithSummary("Retrieve an API key (never its secret)");
        group.MapDelete("/{id}", Revoke).RequireScope("api_keys:write")
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key and, recursively, the keys it created; they fail with 401 from their next request")
            .WithDescription("A key cannot revoke a key whose scopes are broader than its own (403).");
        return group;
    }

    private static async Task<Created<CreatedApiKeyDto>> Create(CreateApiKeyRequest? body, HttpContext context, ApiKeyIssuer issuer)
    {
        Validate.Body(body);
        var caller = context.Caller();
        var created = await issuer.Issue(body!, caller.Tenant, caller);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/api-keys/{created.Id}", created);
    }

    private static async Task<ListPage<ApiKeyResource>> List(
        HttpContext context, IQueryStore queries)
    {
        var time = context.TenantClock();
        var now = time.GetUtcNow();
        return await queries.Read<ApiKeyInfo, ApiKeyResource>(QueryKinds.ApiKey, context.Caller().Tenant.ToString(), QueryFilter.None,
            PageRequest.From(context.Request), key => key.ToResource(now));
    }

    private static async Task<Results<OkJson<ApiKeyResource>, NotFound<ApiError>>> Get(
        string id, HttpContext context, IGrainFactory grains, ReadLeaseCache copies)
    {
        var info = await copies.Read<IApiKeyGrain, ApiKeyInfo>(context.TenantGrains(grains), IdPrefixes.ApiKey, id);
        return info is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "API key"))
            : info.ToOk(context, context.TenantClock().GetUtcNow());
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> Revoke(string id, HttpContext context, IGrainFactory grains)
    {
        var caller = context.Caller();
        var revoked = Grain(id, context, grains) is { } key ? (await key.Revoke(caller.Actor, caller.Scopes)).ValueOrThrow() : null;
        return revoked is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "API key")) : TypedResults.NoContent();
    }

    private static IApiKeyGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IApiKeyGrain>(IdPrefixes.ApiKey, id);
}
