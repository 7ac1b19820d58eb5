namespace Insure.Api.Features.AgencyTokens;

/// <summary>The public keys that verify agency access tokens (RFC 7517), the active one first.</summary>
public sealed record JsonWebKeySetResource(IReadOnlyList<JsonWebKeyResource> Keys);
