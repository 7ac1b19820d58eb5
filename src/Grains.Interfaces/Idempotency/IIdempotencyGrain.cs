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

public enum IdempotencyOutcome
{
    /// <summary>First time: run the request, then Complete or Release.</summary>
    Proceed = 0,
    Replay = 1,
    Mismatch = 2,
    InFlight = 3,
}

[GenerateSerializer, Immutable, Alias("insure.idempotency-start")]
public sealed record IdempotencyStart(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] StoredResponse? Response,
    [property: Id(2)] Guid Lease = default);

/// <summary>A remembered response; <paramref name="NoStore"/> says it carried a secret and was sent with `Cache-Control: no-store`.</summary>
[GenerateSerializer, Immutable, Alias("insure.stored-response")]
public sealed record StoredResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] byte[] Body,
    [property: Id(3)] string? Location,
    [property: Id(4)] bool NoStore = false);
