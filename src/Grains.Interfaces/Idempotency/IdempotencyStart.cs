namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.idempotency-start")]
public sealed record IdempotencyStart(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] StoredResponse? Response,
    [property: Id(2)] Guid Lease = default);
