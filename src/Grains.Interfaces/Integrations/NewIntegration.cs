namespace Insure.Grains;

/// <summary>
/// An integration to create, as asked for: the Api composed its key and sends only the hash and last four characters.
/// <see cref="CreatorScopes"/> are the scopes of the key asking, which must cover the integration's.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.new-integration")]
public sealed record NewIntegration(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Scopes,
    [property: Id(2)] string[] AgencyIds,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] string Last4,
    [property: Id(5)] Actor CreatedBy,
    [property: Id(6)] string[] CreatorScopes);
