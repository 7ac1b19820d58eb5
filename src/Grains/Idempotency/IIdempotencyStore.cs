namespace Insure.Grains.Idempotency;

/// <summary>
/// Where remembered responses live, keyed by the idempotency grain's key: process memory when embedded, the
/// `insure_idempotency` table in Postgres mode. Each record carries its expiry, so one sweep can delete every expired
/// record at once and storage stays bounded by what 24 hours of traffic remembers.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>The record under <paramref name="key"/>, expired or not (the caller compares the expiry with its clock).</summary>
    Task<IdempotencyRecord?> Find(string key, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the record under <paramref name="key"/>.</summary>
    Task Save(string key, IdempotencyRecord record, CancellationToken cancellationToken = default);

    /// <summary>Deletes the records whose expiry is at or before <paramref name="now"/>; returns how many went.</summary>
    Task<int> Sweep(DateTimeOffset now, CancellationToken cancellationToken = default);
}
