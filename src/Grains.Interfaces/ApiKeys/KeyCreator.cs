namespace Insure.Grains;

/// <summary>The API key asking for a new key: what it may grant, when it expires, and which key it is (for the cascade).</summary>
[GenerateSerializer, Immutable, Alias("insure.key-creator")]
public sealed record KeyCreator(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Environment,
    [property: Id(2)] string[] Scopes,
    [property: Id(3)] DateTimeOffset? ExpiresAt);
