namespace Insure.Api.Features.AgencyTokens;

/// <summary>One agency a Create token request could mean; call again with its `tokenReference` (or `partnerAgencyId`).</summary>
public sealed record TokenReferenceResource(string AgencyName, string PartnerAgencyId, string PartnerAgencyName, string TokenReference);
