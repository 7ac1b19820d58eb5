namespace Insure.Api.Features.Producers;

/// <summary>
/// `type` is `agency` or `agent`; an agent needs `agencyId` (an agency of the caller's), only an agency takes
/// `partnerAgencyId`. `licenses` is optional.
/// </summary>
public sealed record CreateProducerRequest(
    string? Type, string? Name, string? Email, string? Npn, string? AgencyId, string? PartnerAgencyId, LicenseRequest[]? Licenses);
