namespace Insure.Grains.Producers;

/// <summary>
/// A producer's profile as a create or PATCH leaves it, checked and normalized by <see cref="ProducerRules"/> (text
/// trimmed, license states upper-case, lines of business as the catalog spells them): the facts the grain applies.
/// </summary>
internal sealed record ProducerProfile(
    string Type,
    string Name,
    string? Email,
    string? Npn,
    string? AgencyId,
    string? PartnerAgencyId,
    string Status,
    IReadOnlyList<ProducerLicense> Licenses);
