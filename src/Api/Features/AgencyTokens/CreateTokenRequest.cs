namespace Insure.Api.Features.AgencyTokens;

/// <summary>Create token's body, every field optional: the agent (by email or id), the partner agency id, or a token reference.</summary>
public sealed record CreateTokenRequest(string? AgentEmail, string? AgentId, string? PartnerAgencyId, string? TokenReference);
