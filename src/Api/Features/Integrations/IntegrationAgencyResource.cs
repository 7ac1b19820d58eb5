namespace Insure.Api.Features.Integrations;

/// <summary>An agency the integration reaches, with the token reference (`ref`) that names the pair in Create token.</summary>
public sealed record IntegrationAgencyResource(string AgencyId, string TokenReference, DateTimeOffset AddedAt);
