namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.api-key-reservation")]
public sealed record ApiKeyReservation([property: Id(0)] ApiKeyReservationOutcome Outcome, [property: Id(1)] int Live);
