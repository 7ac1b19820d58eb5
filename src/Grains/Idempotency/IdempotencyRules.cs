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
        IdempotencyRecord? record, InFlightRequest? inFlight, string fingerprint, Guid lease, DateTimeOffset now, TimeSpan inFlightTimeout,
        string anchor)
    {
        if (record is not null && IsExpired(record, now))
        {
            record = null;
        }
        // An uncertain attempt: the same request proceeds under its anchor (unless a retry is already running).
        if (record is { IsUncertain: true } && record.Fingerprint == fingerprint && (inFlight is null || now >= inFlight.StartedAt + inFlightTimeout))
        {
            return new IdempotencyBegin(new IdempotencyStart(IdempotencyOutcome.Proceed, null, lease, record.Anchor, RetriesUncertain: true), record,
                new InFlightRequest(fingerprint, lease, now, record.Anchor));
        }
        if (record is { IsUncertain: true } && record.Fingerprint == fingerprint)
        {
            return new IdempotencyBegin(new IdempotencyStart(IdempotencyOutcome.InFlight, null), record, inFlight);
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
        return new IdempotencyBegin(new IdempotencyStart(IdempotencyOutcome.Proceed, null, lease, anchor), null, new InFlightRequest(fingerprint, lease, now, anchor));
    }

    /// <summary>Whether <paramref name="lease"/> is the one the request in flight holds.</summary>
    public static bool Holds(InFlightRequest? inFlight, Guid lease) => inFlight is not null && inFlight.Lease == lease;

    /// <summary>The record to remember for the request holding <paramref name="lease"/>, or null when the lease lapsed (nothing is stored).</summary>
    public static IdempotencyRecord? Complete(InFlightRequest? inFlight, Guid lease, StoredResponse response, DateTimeOffset now) =>
        Holds(inFlight, lease) ? new IdempotencyRecord(inFlight!.Fingerprint, response, now + Retention, inFlight.Anchor) : null;

    /// <summary>
    /// The uncertain record to store for a request that failed without knowing whether its change was stored, or null
    /// when nothing should change: a response is already remembered, or another request holds the key. Kept as long as
    /// a response would be, so a retry within that time finds the anchor.
    /// </summary>
    public static IdempotencyRecord? Abandon(
        IdempotencyRecord? record, InFlightRequest? inFlight, Guid lease, string fingerprint, string anchor, DateTimeOffset now)
    {
        if (record is { IsUncertain: false } && !IsExpired(record, now))
        {
            return null;
        }
        // The grain may have lost the request in flight with its silo: then the caller's word is all there is.
        if (inFlight is not null && !Holds(inFlight, lease))
        {
            return null;
        }
        return new IdempotencyRecord(fingerprint, new StoredResponse(0, null, [], null), now + Retention, anchor);
    }

    /// <summary>What stays in flight after <paramref name="lease"/> lets go: nothing if it held the key, else the holder unchanged.</summary>
    public static InFlightRequest? Release(InFlightRequest? inFlight, Guid lease) => Holds(inFlight, lease) ? null : inFlight;

    /// <summary>The configured sweep interval, raised to the reminder minimum.</summary>
    public static TimeSpan SweepInterval(TimeSpan configured) => configured < MinimumSweepInterval ? MinimumSweepInterval : configured;
}
