namespace Insure.Api.Infrastructure;

/// <summary>What an agency access token behind a request acts for: its integration, agency, token reference and agent.</summary>
public sealed record AgencyAccess(string IntegrationId, string AgencyId, string TokenReference, string? AgentId);
