namespace Insure.Api.Features.Integrations;

/// <summary>`name`, the scopes the integration's agency tokens get, and the agencies (`prd_` ids) it reaches.</summary>
public sealed record CreateIntegrationRequest(string? Name, string[]? AgencyIds, string[]? Scopes);
