namespace Insure.Grains;

/// <summary>
/// What a request under an Idempotency-Key may do. On proceed, <see cref="Anchor"/> is the id the ids of what it creates
/// derive from: the one its caller proposed, or, when an earlier attempt ended uncertain (the cluster failed before it
/// answered), that attempt's, so a retry finds what the first attempt may have created instead of creating it again.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.idempotency-start")]
public sealed record IdempotencyStart(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] StoredResponse? Response,
    [property: Id(2)] Guid Lease = default,
    [property: Id(3)] string? Anchor = null,
    [property: Id(4)] bool RetriesUncertain = false);
