namespace Insure.Grains;

/// <summary>
/// One `Idempotency-Key` of one key holder. Keyed `{orgId}/{environment}/{holderId}/{idempotencyKey}`.
/// Remembers the first successful request's fingerprint and response for 24 hours.
/// </summary>
[Alias("insure.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Replay, mismatch, in flight, or proceed. On proceed the caller holds <see cref="IdempotencyStart.Lease"/> and must
    /// Complete or Release with it; a lease not finished within the in-flight timeout lapses and a retry may take over.
    /// </summary>
    [Alias("Begin")]
    Task<IdempotencyStart> Begin(string fingerprint);

    /// <summary>Remembers the response of the request that holds <paramref name="lease"/>; a lapsed lease stores nothing.</summary>
    [Alias("Complete")]
    Task Complete(Guid lease, StoredResponse response);

    /// <summary>Forgets an in-flight request that failed, so the client may retry it.</summary>
    [Alias("Release")]
    Task Release(Guid lease);
}
