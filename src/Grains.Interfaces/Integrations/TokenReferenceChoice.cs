namespace Insure.Grains;

/// <summary>
/// One agency a Create token request could mean: its name, its partner agency id (the integrator's own id for it, empty
/// when it has none), the partner's name (the integration's) and the token reference that picks it.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.token-reference-choice")]
public sealed record TokenReferenceChoice(
    [property: Id(0)] string AgencyName,
    [property: Id(1)] string PartnerAgencyId,
    [property: Id(2)] string PartnerAgencyName,
    [property: Id(3)] string TokenReference);
