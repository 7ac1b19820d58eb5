using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.AgencyTokens;

/// <summary>
/// Create token (`POST /v1/auth/token`, authenticated by an integration secret key only) and the public keys that
/// verify the tokens it makes (`GET /.well-known/jwks.json`, no authentication).
/// </summary>
public static class AgencyTokensApi
{
    public const string TokenTag = "Agency access tokens";

    public static RouteGroupBuilder MapAgencyTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/jwks.json", Jwks)
            .WithTags(TokenTag)
            .WithName("GetAgencyTokenJwks")
            .WithSummary("The public keys (JWKS) that verify agency access tokens; no authentication")
            .WithDescription("Each token's header names its key in `kid`; tokens are ES256 (P-256). After a rotation the previous key stays "
                + "listed, and valid, for the token lifetime (`Insure:AgencyTokens:Lifetime`), so tokens it signed last their full life. "
                + "Cached for a minute: fetch the set again when a token names a `kid` you do not have.");

        var group = routes.MapGroup("/v1/auth")
            .WithTags(TokenTag)
            .WithErrorResponses(400, 401, 404, 413, 429);
        group.MapPost("/token", Create).RequireIntegrationKey()
            .WithName("CreateAgencyToken")
            .WithSummary("Create token: trade the integration secret key (isk_) for an agency access token (ES256 JWT) for one agency it reaches")
            .WithDescription("Authenticate with `Authorization: Bearer isk_...`; no other credential is accepted here (401), and an isk_ key "
                + "is accepted nowhere else. Body, all optional: `agentEmail`, `agentId` (an agent's `prd_` id), `partnerAgencyId` (the "
                + "agency's id at the partner), `tokenReference` (from the integration's agencies or an earlier token's `ref`). Each narrows the "
                + "agencies the integration reaches: none given -> 404 `No parameters provided`; a value nothing has, or an agent who does "
                + "not belong to the agency named -> 404; more than one agency left -> 422 `business_rule_violation` whose body carries "
                + "`tokenReferences: [{agencyName, partnerAgencyId, partnerAgencyName (the integration's name), tokenReference}]` to call again "
                + "with; a suspended or terminated agency or agent -> 422. The token works as `Authorization: Bearer <token>` on the "
                + "organization's other routes with the integration's scopes, until `exp` (`Insure:AgencyTokens:Lifetime`, default 7 days) "
                + "or until revoked: `POST /v1/producers/{agencyId}/revoke-tokens` ends the agency's tokens, "
                + "`POST /v1/integrations/{id}/rotate-key` ends the integration's. Its payload holds `ref`, `iat`, `exp`, `agentId` (absent for "
                + "an agency-level token) and the platform's own claims; to refresh, call again with `{\"tokenReference\": ref, \"agentId\": agentId}`.")
            .Produces<TokenReferencesError>(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<Results<Ok<AgencyTokenResource>, UnprocessableEntity<TokenReferencesError>>> Create(
        CreateTokenRequest? body, HttpContext context, IGrainFactory grains, AgencyAccessTokens tokens)
    {
        var caller = context.Features.Get<IntegrationCaller>() ?? throw new InvalidOperationException("Create token needs an integration secret key.");
        var request = new AgencyTokenRequest(
            Optional(body?.AgentEmail, "agentEmail", 320), Optional(body?.AgentId, "agentId", 100),
            Optional(body?.PartnerAgencyId, "partnerAgencyId", 200), Optional(body?.TokenReference, "tokenReference", 100));
        var resolution = (await grains.Keyed<IIntegrationGrain>(caller.Tenant.KeyFor(caller.IntegrationId))
            .ResolveToken(request, caller.KeyGeneration)).ValueOrThrow()
            ?? throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Invalid integration secret key");
        if (resolution.Grant is not { } grant)
        {
            return TypedResults.UnprocessableEntity(new TokenReferencesError(ErrorCodes.BusinessRuleViolation,
                "The parameters match more than one agency this integration reaches; call again with the partnerAgencyId or tokenReference of the one meant",
                new Dictionary<string, string> { ["rule"] = "multiple_token_references" }, context.TraceIdentifier,
                resolution.Choices.Select(c => c.ToResource()).ToList()));
        }
        var issued = await tokens.Issue(caller.Tenant, grant);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(issued.ToResource());
    }

    private static async Task<Ok<JsonWebKeySetResource>> Jwks(HttpContext context, AgencyTokenKeyRing keys)
    {
        var published = await keys.Published();
        context.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok(new JsonWebKeySetResource(published.Select(k => k.ToJwk()).ToList()));
    }

    /// <summary>A blank field counts as absent; a long one is refused.</summary>
    private static string? Optional(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        return trimmed.Length <= maxLength
            ? trimmed
            : throw ApiException.Validation(field, "max_length", $"{field} must be at most {maxLength} characters");
    }
}
