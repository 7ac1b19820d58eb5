namespace Insure.Grains;

/// <summary>
/// A policyholder; <see cref="AgencyId"/> is the agency whose access token created it (null for one an API key
/// created), the only agency whose tokens see it.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.policyholder-info")]
public sealed record PolicyholderInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] PolicyholderDetails Details,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] Actor CreatedBy,
    [property: Id(5)] string? AgencyId = null);
