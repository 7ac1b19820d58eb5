namespace Insure.Grains;

/// <summary>
/// Whether an agency access token still stands as far as its agency goes: not <see cref="Revoked"/> (made before the
/// agency's tokens were last revoked), and its agency and agent active. Otherwise <see cref="InactiveProducerId"/> names
/// the agency or agent that is not, with its <see cref="InactiveStatus"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.agency-token-check")]
public sealed record AgencyTokenCheck(
    [property: Id(0)] bool Revoked,
    [property: Id(1)] string? InactiveProducerId = null,
    [property: Id(2)] string? InactiveStatus = null)
{
    public static readonly AgencyTokenCheck Stands = new(false);

    public bool IsValid => !Revoked && InactiveProducerId is null;
}
