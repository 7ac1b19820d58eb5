namespace Insure.Grains;

/// <summary>
/// One ES256 (P-256) signing key: its id (the JWT's `kid`), the public point, the private key sealed by the Api, when it
/// was made and, once replaced, when it retired and until when it still verifies the tokens it signed.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.agency-token-key")]
public sealed record AgencyTokenKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] X,
    [property: Id(2)] byte[] Y,
    [property: Id(3)] byte[] SealedPrivateKey,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? RetiredAt = null,
    [property: Id(6)] DateTimeOffset? VerifyUntil = null);
