namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.policyholder-info")]
public sealed record PolicyholderInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] PolicyholderDetails Details,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] Actor CreatedBy);
