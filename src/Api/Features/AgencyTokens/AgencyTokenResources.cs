using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.IdentityModel.Tokens;

namespace Insure.Api.Features.AgencyTokens;

public static class AgencyTokenResources
{
    public static AgencyTokenResource ToResource(this IssuedAgencyToken token) => new(
        token.Token, new AgencyTokenPayloadResource(token.Reference, token.IssuedAt.ToUnixTimeSeconds(), token.ExpiresAt.ToUnixTimeSeconds(), token.AgentId));

    public static JsonWebKeyResource ToJwk(this AgencyTokenKey key) =>
        new("EC", "P-256", Base64UrlEncoder.Encode(key.X), Base64UrlEncoder.Encode(key.Y), key.KeyId, "sig", SecurityAlgorithms.EcdsaSha256);

    public static AgencyTokenKeysResource ToResource(this AgencyTokenKeySet set) => new(
        set.Active?.KeyId ?? "", set.Keys.Select(k => new AgencyTokenKeyResource(k.KeyId, k.CreatedAt, k.RetiredAt, k.VerifyUntil)).ToList());

    public static TokenReferenceResource ToResource(this TokenReferenceChoice choice) =>
        new(choice.AgencyName, choice.PartnerAgencyId, choice.PartnerAgencyName, choice.TokenReference);
}
