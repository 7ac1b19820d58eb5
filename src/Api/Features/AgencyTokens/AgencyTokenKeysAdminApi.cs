using Insure.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.AgencyTokens;

/// <summary>Platform administration of the agency-token signing keys. Authenticated by `Insure:AdminSecret`.</summary>
public static class AgencyTokenKeysAdminApi
{
    public static RouteGroupBuilder MapAgencyTokenKeysAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/admin/agency-token-keys")
            .WithTags("Admin")
            .RequireAdmin()
            .WithErrorResponses(401, 429);
        group.MapPost("/rotate", Rotate)
            .WithName("RotateAgencyTokenKeys")
            .WithSummary("Make a new agency-token signing key; the previous one keeps verifying the tokens it signed until they expire")
            .WithDescription("Every node signs with the new key from its next Create token. The previous key stays in `/.well-known/jwks.json` "
                + "and valid for `Insure:AgencyTokens:Lifetime` plus a minute (for tokens being signed with it while the rotation happened) "
                + "and the 30 s clock skew, then is dropped. Rotation is on demand only: there is no schedule.");
        return group;
    }

    private static async Task<Ok<AgencyTokenKeysResource>> Rotate(AgencyTokenKeyRing keys)
    {
        var current = await keys.Current();
        var rotated = await keys.Rotate(current.Active?.KeyId);
        return TypedResults.Ok(rotated.ToResource());
    }
}
