namespace Insure.Grains;

/// <summary>An organization (the tenant root). Keyed by its `org_` id.</summary>
[Alias("insure.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<OrganizationInfo> Create(string name, Actor createdBy);

    [ReadOnly, Alias("Get")]
    Task<OrganizationInfo?> Get();

    [Alias("Update")]
    Task<OrganizationInfo?> Update(OrganizationUpdate update);
}

public static class OrganizationTiers
{
    public const string Standard = "standard";
    public const string Enterprise = "enterprise";
    public static bool IsValid(string? tier) => tier is Standard or Enterprise;
}

[GenerateSerializer, Immutable, Alias("insure.organization-info")]
public sealed record OrganizationInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Tier,
    [property: Id(3)] bool LiveApproved,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] Actor CreatedBy,
    [property: Id(6)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("insure.organization-update")]
public sealed record OrganizationUpdate([property: Id(0)] string? Tier, [property: Id(1)] bool? LiveApproved, [property: Id(2)] string? Name);
