namespace Insure.Api.Features.AgencyTokens;

/// <summary>
/// `ref` (the token reference), `iat` and `exp` (unix seconds) and `agentId` (null for an agency-level token): call Create
/// token again with `{"tokenReference": ref, "agentId": agentId}` for an equivalent fresh token.
/// </summary>
public sealed record AgencyTokenPayloadResource(string Ref, long Iat, long Exp, string? AgentId);
