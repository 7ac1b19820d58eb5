namespace Insure.Grains;

/// <summary>
/// Whether an agency access token still stands as far as its integration goes (<see cref="ApiKeyStatus.Revoked"/>: the
/// key was rotated or the agency removed since it was made), and the scopes it acts with: the integration's current ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.integration-token-check")]
public sealed record IntegrationTokenCheck([property: Id(0)] ApiKeyStatus Status, [property: Id(1)] string[] Scopes)
{
    public static readonly IntegrationTokenCheck Unknown = new(ApiKeyStatus.Unknown, []);
}
