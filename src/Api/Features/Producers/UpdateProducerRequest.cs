namespace Insure.Api.Features.Producers;

/// <summary>Only the fields sent change; `licenses` replaces the whole list; `status` is `active`, `suspended` or `terminated`.</summary>
public sealed record UpdateProducerRequest(
    string? Name, string? Email, string? Npn, string? PartnerAgencyId, string? Status, LicenseRequest[]? Licenses);
