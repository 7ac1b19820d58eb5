using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.AgencyTokens;

/// <summary>`POST /v1/producers/{agencyId}/revoke-tokens`: the first level of the seed's incident response.</summary>
public static class AgencyTokenRevocationApi
{
    public static RouteGroupBuilder MapAgencyTokenRevocation(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/producers")
            .WithTags("Producers")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 429);
        group.MapPost("/{agencyId}/revoke-tokens", Revoke).RequireScope("integrations:write")
            .WithName("RevokeAgencyTokens")
            .WithSummary("End every agency access token of an agency, through every integration; new ones can be created at once")
            .WithDescription("Takes effect from the next request on every node: each token carries its agency's token generation, which "
                + "this moves on (a counter, so a token made in the same second afterwards works). Integration keys are untouched; to end "
                + "an integration's key and all its tokens, use `POST /v1/integrations/{id}/rotate-key`.");
        return group;
    }

    private static async Task<Results<Ok<AgencyTokenRevocationResource>, NotFound<ApiError>>> Revoke(
        string agencyId, HttpContext context, IGrainFactory grains)
    {
        var revoked = context.TenantGrains(grains).Find<IAgencyTokensGrain>(IdPrefixes.Producer, agencyId) is { } grain
            ? (await grain.Revoke(context.Caller().Actor)).ValueOrThrow()
            : null;
        return revoked is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Agency"))
            : TypedResults.Ok(new AgencyTokenRevocationResource("agency_token_revocation", revoked.AgencyId, revoked.RevokedAt));
    }
}
