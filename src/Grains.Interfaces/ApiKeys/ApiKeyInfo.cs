namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.api-key-info")]
public sealed record ApiKeyInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Environment,
    [property: Id(3)] string Name,
    [property: Id(4)] string[] Scopes,
    [property: Id(5)] string Prefix,
    [property: Id(6)] string Last4,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? ExpiresAt,
    [property: Id(9)] DateTimeOffset? RevokedAt,
    [property: Id(10)] Actor CreatedBy,
    [property: Id(11)] Actor? RevokedBy);
