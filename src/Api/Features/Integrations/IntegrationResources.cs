using Insure.Grains;

namespace Insure.Api.Features.Integrations;

public static class IntegrationResources
{
    public static IntegrationResource ToResource(this IntegrationInfo integration) => new(
        integration.Id, "integration", integration.Name, integration.Environment, integration.Scopes,
        $"{integration.Prefix}...{integration.Last4}", Agencies(integration), integration.CreatedAt, integration.UpdatedAt,
        integration.KeyRotatedAt, integration.CreatedBy);

    public static IntegrationWithKey WithKey(this IntegrationInfo integration, string key) => new(
        integration.Id, "integration", integration.Name, integration.Environment, integration.Scopes, key, Agencies(integration),
        integration.CreatedAt, integration.UpdatedAt, integration.KeyRotatedAt, integration.CreatedBy);

    private static List<IntegrationAgencyResource> Agencies(IntegrationInfo integration) =>
        integration.Agencies.Select(a => new IntegrationAgencyResource(a.AgencyId, a.TokenReference, a.AddedAt)).ToList();
}
