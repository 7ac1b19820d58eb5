namespace Insure.Api.Features.Producers;

/// <summary>An appointment (the API body and the `appointment.*` events' data): the producer may place the line in the state from `effectiveDate` while it is `active`.</summary>
public sealed record AppointmentResource(
    string Id,
    string Object,
    string ProducerId,
    string State,
    string LineOfBusiness,
    DateOnly EffectiveDate,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
