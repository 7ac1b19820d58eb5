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

public static class OrganizationTiers
{
    public const string Standard = "standard";
    public const string Enterprise = "enterprise";
    public static bool IsValid(string? tier) => tier is Standard or Enterprise;
}

public static class OrganizationStatuses
{
    public const string Active = "active";
    /// <summary>Every key of a suspended organization fails authentication until it is active again.</summary>
    public const string Suspended = "suspended";
    public static bool IsValid(string? status) => status is Active or Suspended;
}

[GenerateSerializer, Immutable, Alias("insure.organization-info")]
public sealed record OrganizationInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier,
    [property: Id(3)] bool LiveApproved,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] Actor CreatedBy,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] string Status = OrganizationStatuses.Active);

[GenerateSerializer, Immutable, Alias("insure.organization-update")]
public sealed record OrganizationUpdate(
    [property: Id(0)] string? Tier,
    [property: Id(1)] bool? LiveApproved,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Status = null);

public enum ApiKeyReservationOutcome
{
    Reserved = 0,
    NoOrganization = 1,
    NotLiveApproved = 2,
    LimitReached = 3,
}

[GenerateSerializer, Immutable, Alias("insure.api-key-reservation")]
public sealed record ApiKeyReservation([property: Id(0)] ApiKeyReservationOutcome Outcome, [property: Id(1)] int Live);
