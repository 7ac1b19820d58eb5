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
    /// Complete, Release or Abandon with it; a lease not finished within the in-flight timeout lapses and a retry may
    /// take over. <paramref name="anchor"/> is the id proposed to anchor what the request creates.
    /// </summary>
    [Alias("BeginAnchored")]
    Task<IdempotencyStart> Begin(string fingerprint, string anchor);

    /// <summary>
    /// <see cref="Begin(string, string)"/> as Api nodes of the build before anchors call it: kept so that, in a rolling
    /// upgrade, their keyed writes go on working against upgraded silos (with an anchor of the grain's own).
    /// </summary>
    [Alias("Begin")]
    Task<IdempotencyStart> Begin(string fingerprint);

    /// <summary>Remembers the response of the request that holds <paramref name="lease"/>; a lapsed lease stores nothing.</summary>
    [Alias("Complete")]
    Task Complete(Guid lease, StoredResponse response);

    /// <summary>Forgets an in-flight request that failed, so the client may retry it.</summary>
    [Alias("Release")]
    Task Release(Guid lease);

    /// <summary>
    /// Records that the request failed in a way that leaves it uncertain whether its change was stored (the cluster or
    /// the database failed before it answered): a retry with the same fingerprint proceeds at once under the same
    /// <paramref name="anchor"/>. Stored, since the silo holding this grain may be the one that failed.
    /// </summary>
    [Alias("Abandon")]
    Task Abandon(Guid lease, string fingerprint, string anchor);
}
