namespace Insure.Api.Features.AgencyTokens;

/// <summary>The platform's agency-token signing keys after a rotation: the active key's id and every key still verifying.</summary>
public sealed record AgencyTokenKeysResource(string ActiveKeyId, IReadOnlyList<AgencyTokenKeyResource> Keys);
