using Insure.Grains;

namespace Insure.Api.Features.Producers;

/// <summary>
/// A producer as integrators see it (the API body and the `producer.*` events' data): an `agency`, or an `agent` whose
/// `agencyId` is its agency; `partnerAgencyId` is the integrator's own id for an agency. `appointments` lists every
/// appointment, oldest first, terminated ones included.
/// </summary>
public sealed record ProducerResource(
    string Id,
    string Object,
    string Type,
    string Name,
    string? Email,
    string? Npn,
    string? AgencyId,
    string? PartnerAgencyId,
    string Status,
    IReadOnlyList<LicenseResource> Licenses,
    IReadOnlyList<AppointmentResource> Appointments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Actor CreatedBy);
