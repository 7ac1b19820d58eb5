namespace Insure.Grains;

/// <summary>
/// A producer as stored: an agency (<see cref="PartnerAgencyId"/> is the integrator's own id for it) or an agent
/// (<see cref="AgencyId"/> is its agency's `prd_` id).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.producer-info")]
public sealed record ProducerInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Email,
    [property: Id(4)] string? Npn,
    [property: Id(5)] string? AgencyId,
    [property: Id(6)] string? PartnerAgencyId,
    [property: Id(7)] string Status,
    [property: Id(8)] IReadOnlyList<ProducerLicense> Licenses,
    [property: Id(9)] IReadOnlyList<ProducerAppointment> Appointments,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] Actor CreatedBy);
