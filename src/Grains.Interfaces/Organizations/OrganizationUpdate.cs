namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.organization-update")]
public sealed record OrganizationUpdate(
    [property: Id(0)] string? Tier,
    [property: Id(1)] bool? LiveApproved,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Status = null);
