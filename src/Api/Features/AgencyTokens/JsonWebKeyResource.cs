namespace Insure.Api.Features.AgencyTokens;

/// <summary>One P-256 public key (`kty` EC, `crv` P-256, `x` and `y` base64url) and the `kid` tokens signed with it carry.</summary>
public sealed record JsonWebKeyResource(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);
