using Insure.Api.Features.ApiKeys;
using Insure.Grains;

namespace Insure.Api.Features.Admin;

/// <summary>Creating an organization with its first key: used by the admin route and the embedded playground.</summary>
public static class Organizations
{
    public static async Task<CreatedOrganizationDto> Create(IGrainFactory grains, ApiKeyIssuer issuer, string name, Actor by)
    {
        var orgId = Ids.New("org");
        var organization = await grains.Keyed<IOrganizationGrain>(orgId).Create(name, by);
        var key = await issuer.Issue(
            new CreateApiKeyRequest("Default sandbox key", ["*"], Tenant.Sandbox, null), new Tenant(orgId, Tenant.Sandbox), creator: null);
        return new CreatedOrganizationDto(
            organization.Id, "organization", organization.Name, organization.Tier, organization.LiveApproved, organization.Status,
            organization.CreatedAt, key);
    }
}
