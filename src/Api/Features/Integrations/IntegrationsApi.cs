using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Integrations;

/// <summary>`/v1/integrations`: partner systems that reach some of the organization's agencies with one `isk_` key.</summary>
public static class IntegrationsApi
{
    public static RouteGroupBuilder MapIntegrations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/integrations")
            .WithTags("Integrations")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429);

        group.MapPost("/", Create).RequireScope("integrations:write")
            .WithName("CreateIntegration")
            .WithSummary("Create an integration; the response holds its secret key (isk_...), shown only this once (Cache-Control: no-store)")
            .WithDescription("Body `{\"name\",\"agencyIds\":[\"prd_...\"],\"scopes\":[\"submissions:write\",...]}`. The integration lives in the "
                + "caller's environment (`isk_test_` in sandbox, `isk_live_` in production) and its key is stored only as a hash. Each agency "
                + "must be a producer of type `agency` of the organization (else 400 naming `agencyIds[i]`), at most 100 per request and "
                + "1,000 in all; each gets a stable `tokenReference`. `scopes` are what the agency access tokens made with the key may do: "
                + "`resource:read|write` or `referrals:decide`, each held by the key asking (else 403); `*`, `api_keys:*` and "
                + "`integrations:*` are never granted to tokens (400). The key authenticates only `POST /v1/auth/token`. It does not expire, "
                + "so only an API key without an expiry may create one (else 403).");
        group.MapGet("/", List).RequireScope("integrations:read").WithPaging()
            .WithName("ListIntegrations")
            .WithSummary("List the integrations of the caller's organization and environment (never their keys)");
        group.MapGet("/{id}", Get).RequireScope("integrations:read")
            .WithName("GetIntegration")
            .WithSummary("Retrieve an integration with the agencies it reaches and their token references (never its key)");
        group.MapPost("/{id}/agencies", AddAgency).RequireScope("integrations:write")
            .WithName("AddIntegrationAgency")
            .WithSummary("Let the integration reach one more agency; it gets a token reference of its own")
            .WithDescription("Body `{\"agencyId\"}`, an agency of the organization (else 400). Adding an agency the integration already reaches "
                + "changes nothing. The key asking must hold every scope of the integration (else 403).");
        group.MapDelete("/{id}/agencies/{agencyId}", RemoveAgency).RequireScope("integrations:write")
            .WithName("RemoveIntegrationAgency")
            .WithSummary("Stop reaching an agency: its tokens made through this integration fail with 401 from their next request")
            .WithDescription("Adding the agency again gives it a new token reference, so tokens made before stay dead.");
        group.MapPost("/{id}/rotate-key", RotateKey).RequireScope("integrations:write")
            .WithName("RotateIntegrationKey")
            .WithSummary("Replace the integration's secret key; the old key and every agency token made through the integration fail with 401 from their next request")
            .WithDescription("The response holds the new key, shown only this once (Cache-Control: no-store). New agency tokens can be made "
                + "with it at once. The key asking must hold every scope of the integration and have no expiry (else 403).");
        return group;
    }

    private static async Task<Created<IntegrationWithKey>> Create(
        CreateIntegrationRequest? body, HttpContext context, IGrainFactory grains, ApiKeySigner signer)
    {
        Validate.Body(body);
        var name = Validate.Required(body!.Name, "name", 100);
        var scopes = Strings(body.Scopes ?? throw ApiException.Validation("scopes", "required", "Missing required field: scopes"), "scopes");
        var agencyIds = Strings(body.AgencyIds ?? [], "agencyIds");
        var caller = context.Caller();
        RefuseExpiring(caller);
        var id = Ids.New(IdPrefixes.Integration, context.TenantClock());
        var key = signer.NewIntegrationKey(caller.Tenant, id);
        var created = (await context.TenantGrains(grains).Get<IIntegrationGrain>(id).Create(new NewIntegration(
            name, scopes, agencyIds, IntegrationKeyFormat.Hash(key), key[^4..], caller.Actor, caller.Scopes))).ValueOrThrow()!;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/v1/integrations/{id}", created.WithKey(key));
    }

    private static async Task<ListPage<IntegrationResource>> List(HttpContext context, IQueryStore queries) =>
        await queries.Read<IntegrationInfo, IntegrationResource>(QueryKinds.Integration, context.Caller().Tenant.ToString(),
            QueryFilter.None, PageRequest.From(context.Request), i => i.ToResource());

    private static async Task<Results<Ok<IntegrationResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var integration = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return integration is null ? NotFound(context) : TypedResults.Ok(integration.ToResource());
    }

    private static async Task<Results<Ok<IntegrationResource>, NotFound<ApiError>>> AddAgency(
        string id, AddIntegrationAgencyRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var agencyId = Validate.Required(body!.AgencyId, "agencyId", 100);
        var caller = context.Caller();
        var integration = Grain(id, context, grains) is { } grain
            ? (await grain.AddAgency(agencyId, caller.Actor, caller.Scopes)).ValueOrThrow()
            : null;
        return integration is null ? NotFound(context) : TypedResults.Ok(integration.ToResource());
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> RemoveAgency(
        string id, string agencyId, HttpContext context, IGrainFactory grains)
    {
        var integration = Grain(id, context, grains) is { } grain
            ? (await grain.RemoveAgency(agencyId, context.Caller().Actor)).ValueOrThrow()
            : null;
        return integration is null ? NotFound(context) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<IntegrationWithKey>, NotFound<ApiError>>> RotateKey(
        string id, HttpContext context, IGrainFactory grains, ApiKeySigner signer)
    {
        var caller = context.Caller();
        RefuseExpiring(caller);
        if (Grain(id, context, grains) is not { } grain)
        {
            return NotFound(context);
        }
        var key = signer.NewIntegrationKey(caller.Tenant, id);
        var rotated = (await grain.RotateKey(IntegrationKeyFormat.Hash(key), key[^4..], caller.Actor, caller.Scopes)).ValueOrThrow();
        if (rotated is null)
        {
            return NotFound(context);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(rotated.WithKey(key));
    }

    /// <summary>A list of strings in which every item is present.</summary>
    private static string[] Strings(string[] values, string field)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                throw ApiException.Validation($"{field}[{i}]", "required", $"{field}[{i}] must not be empty");
            }
        }
        return values.Select(v => v.Trim()).ToArray();
    }

    private static NotFound<ApiError> NotFound(HttpContext context) => TypedResults.NotFound(ErrorResponses.NotFound(context, "Integration"));

    private static IIntegrationGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IIntegrationGrain>(IdPrefixes.Integration, id);

    /// <summary>
    /// A key never makes a credential that outlives it (as with API keys): an integration secret key does not expire, and
    /// with it agency tokens can be made for as long as it stands, so only a key without an expiry may create or rotate one.
    /// </summary>
    private static void RefuseExpiring(Caller caller)
    {
        if (caller.ExpiresAt is { } expires)
        {
            throw ApiException.Forbidden(
                $"This API key expires ({expires:yyyy-MM-dd}); an integration secret key does not, so only a key without an expiry may create or rotate one");
        }
    }
}
