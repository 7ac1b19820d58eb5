namespace Insure.Grains;

/// <summary>The agency's tokens made before <see cref="RevokedAt"/> (of generations below <see cref="Generation"/>) no longer work.</summary>
[GenerateSerializer, Immutable, Alias("insure.agency-token-revocation")]
public sealed record AgencyTokenRevocation(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] long Generation,
    [property: Id(2)] DateTimeOffset RevokedAt,
    [property: Id(3)] Actor RevokedBy);
