namespace Insure.Grains;

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
