namespace Insure.Grains;

/// <summary>An organization (the tenant root). Keyed by its `org_` id.</summary>
[Alias("insure.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<OrganizationInfo> Create(string name, Actor createdBy);

    /// <summary>Read on every authenticated request (status, live approval, tier): served from the activation's memory.</summary>
    [ReadOnly, Alias("Get")]
    Task<OrganizationInfo?> Get();

    [Alias("Update")]
    Task<OrganizationInfo?> Update(OrganizationUpdate update);

    /// <summary>
    /// Counts a new key of <paramref name="environment"/> against the organization's cap of live (unrevoked,
    /// unexpired) keys per environment, and refuses production keys without live approval.
    /// </summary>
    [Alias("ReserveApiKey")]
    Task<ApiKeyReservation> ReserveApiKey(string environment, string keyId, DateTimeOffset? expiresAt, int maxLive);

    /// <summary>Stops counting a key (revoked, or its creation failed). Unknown ids are ignored.</summary>
    [Alias("ReleaseApiKey")]
    Task ReleaseApiKey(string environment, string keyId);
}
