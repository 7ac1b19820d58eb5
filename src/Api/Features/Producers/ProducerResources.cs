using Insure.Grains;

namespace Insure.Api.Features.Producers;

public static class ProducerResources
{
    public static ProducerResource ToResource(this ProducerInfo producer) => new(
        producer.Id, "producer", producer.Type, producer.Name, producer.Email, producer.Npn, producer.AgencyId, producer.PartnerAgencyId,
        producer.Status, producer.Licenses.Select(l => new LicenseResource(l.State, l.Number, l.LinesOfBusiness, l.ExpiresOn)).ToList(),
        producer.Appointments.Select(a => a.ToResource()).ToList(), producer.CreatedAt, producer.UpdatedAt, producer.CreatedBy);

    public static AppointmentResource ToResource(this ProducerAppointment appointment) => new(
        appointment.Id, "appointment", appointment.ProducerId, appointment.State, appointment.LineOfBusiness, appointment.EffectiveDate,
        appointment.Status, appointment.CreatedAt, appointment.UpdatedAt);
}
