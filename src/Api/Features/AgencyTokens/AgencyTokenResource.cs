namespace Insure.Api.Features.AgencyTokens;

/// <summary>Create token's answer: the JWT to send as `Authorization: Bearer`, and the payload fields it carries that matter to a client.</summary>
public sealed record AgencyTokenResource(string BearerToken, AgencyTokenPayloadResource TokenPayload);
