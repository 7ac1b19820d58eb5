namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.new-api-key")]
public sealed record NewApiKey(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Scopes,
    [property: Id(2)] DateTimeOffset? ExpiresAt,
    [property: Id(3)] Actor CreatedBy,
    [property: Id(4)] byte[] SecretHash,
    [property: Id(5)] string Last4);
