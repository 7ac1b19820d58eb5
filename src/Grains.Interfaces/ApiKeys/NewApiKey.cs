namespace Insure.Grains;

/// <summary>
/// A key to create, as asked for: the Api composed the key and sends only its hash and last four characters.
/// <see cref="Creator"/> is the key asking (null for the platform operator); <see cref="MaxLive"/> is the
/// organization's cap of live keys per environment.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.new-api-key")]
public sealed record NewApiKey(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Scopes,
    [property: Id(2)] DateTimeOffset? ExpiresAt,
    [property: Id(3)] Actor CreatedBy,
    [property: Id(4)] byte[] SecretHash,
    [property: Id(5)] string Last4,
    [property: Id(6)] KeyCreator? Creator = null,
    [property: Id(7)] int MaxLive = int.MaxValue);
