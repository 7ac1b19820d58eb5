namespace Insure.Grains;

/// <summary>An appointment as asked for by `POST /v1/producers/{id}/appointments`.</summary>
[GenerateSerializer, Immutable, Alias("insure.new-appointment")]
public sealed record NewAppointment(
    [property: Id(0)] string? State,
    [property: Id(1)] string? LineOfBusiness,
    [property: Id(2)] DateOnly? EffectiveDate,
    [property: Id(3)] Actor By);
