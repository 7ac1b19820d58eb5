namespace Insure.Grains.Idempotency;

/// <summary>A decided Begin: the answer to give, and the remembered record and request in flight as they stand after it.</summary>
internal sealed record IdempotencyBegin(IdempotencyStart Start, IdempotencyRecord? Record, InFlightRequest? InFlight);
