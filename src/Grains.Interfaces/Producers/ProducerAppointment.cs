namespace Insure.Grains;

/// <summary>An insurer's appointment of a producer for one state and line of business.</summary>
[GenerateSerializer, Immutable, Alias("insure.producer-appointment")]
public sealed record ProducerAppointment(
    [property: Id(0)] string Id,
    [property: Id(1)] string ProducerId,
    [property: Id(2)] string State,
    [property: Id(3)] string LineOfBusiness,
    [property: Id(4)] DateOnly EffectiveDate,
    [property: Id(5)] string Status,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);
