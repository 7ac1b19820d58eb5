namespace Insure.Grains;

/// <summary>An integration as stored, without its secret: the agencies it reaches and what its tokens may do.</summary>
[GenerateSerializer, Immutable, Alias("insure.integration-info")]
public sealed record IntegrationInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Environment,
    [property: Id(3)] string Name,
    [property: Id(4)] string[] Scopes,
    [property: Id(5)] string Prefix,
    [property: Id(6)] string Last4,
    [property: Id(7)] IReadOnlyList<IntegrationAgency> Agencies,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] DateTimeOffset? KeyRotatedAt,
    [property: Id(11)] Actor CreatedBy);
