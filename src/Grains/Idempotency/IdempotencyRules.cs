namespace Insure.Grains.Idempotency;

/// <summary>
/// Every idempotency decision, as pure functions: what a request under a key gets (replay, mismatch, in flight or
/// proceed), which lease may finish it, how long a response is remembered and how often expired ones are swept.
/// </summary>
internal static class IdempotencyRules
{
    /// <summary>How long a completed request's response is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>The shortest sweep interval: Orleans refuses reminder periods under a minute.</summary>
    public static readonly TimeSpan MinimumSweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>A record is gone from the instant it expires (the sweep deletes it from then on too).</summary>
    public static bool IsExpired(IdempotencyRecord record, DateTimeOffset now) => now >= record.ExpiresAt;

    /// <summary>
    /// A request under the key. A remembered response is replayed to the same fingerprint and refused to another; a
    /// request in flight answers the same fingerprint with in-flight and another with mismatch until it lapses
    /// (<paramref name="inFlightTimeout"/> after it began). Otherwise this request proceeds under
    /// <paramref name="lease"/>, taking the key over from a lapsed one, whose lease then no longer finishes anything.
    /// </summary>
    public static IdempotencyBegin Begin(
        IdempotencyRecord? record, InFlightRequest? inFlight, string fingerprint, Guid lease, DateTimeOffset now, TimeSpan inFlightTimeout)
    {
        if (record is not null && IsExpired(record, now))
        {
            record = null;
        }
        if (record is not null)
        {
            var start = record.Fingerprint == fingerprint
                ? new IdempotencyStart(IdempotencyOutcome.Replay, record.Response)
                : new IdempotencyStart(IdempotencyOutcome.Mismatch, null);
            return new IdempotencyBegin(start, record, inFlight);
        }
        if (inFlight is not null && now < inFlight.StartedAt + inFlightTimeout)
        {
            var outcome = inFlight.Fingerprint == fingerprint ? IdempotencyOutcome.InFlight : IdempotencyOutcome.Mismatch;
            return new IdempotencyBegin(new IdempotencyStart(outcome, null), null, inFlight);
        }
        return new IdempotencyBegin(new IdempotencyStart(IdempotencyOutcome.Proceed, null, lease), null, new InFlightRequest(fingerprint, lease, now));
    }

    /// <summary>Whether <paramref name="lease"/> is the one the request in flight holds.</summary>
    public static bool Holds(InFlightRequest? inFlight, Guid lease) => inFlight is not null && inFlight.Lease == lease;

    /// <summary>The record to remember for the request holding <paramref name="lease"/>, or null when the lease lapsed (nothing is stored).</summary>
    public static IdempotencyRecord? Complete(InFlightRequest? inFlight, Guid lease, StoredResponse response, DateTimeOffset now) =>
        Holds(inFlight, lease) ? new IdempotencyRecord(inFlight!.Fingerprint, response, now + Retention) : null;

    /// <summary>What stays in flight after <paramref name="lease"/> lets go: nothing if it held the key, else the holder unchanged.</summary>
    public static InFlightRequest? Release(InFlightRequest? inFlight, Guid lease) => Holds(inFlight, lease) ? null : inFlight;

    /// <summary>The configured sweep interval, raised to the reminder minimum.</summary>
    public static TimeSpan SweepInterval(TimeSpan configured) => configured < MinimumSweepInterval ? MinimumSweepInterval : configured;
}
