using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.Idempotency;

/// <summary>
/// Serializes the requests that share one key (one activation cluster-wide) and remembers the first successful
/// response for <see cref="Retention"/> in <see cref="IIdempotencyStore"/>. A record past its expiry reads as absent;
/// <see cref="IdempotencySweepGrain"/> deletes it later, so no reminder is kept per key.
/// The request in flight is held in memory only: if the silo dies mid-request nothing was stored and the client's retry
/// runs again. If the node running the request dies instead, the marker lapses after the in-flight timeout.
/// </summary>
internal sealed class IdempotencyGrain(
    IIdempotencyStore store,
    InsureOptions options,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private IdempotencyRecord? _record;
    private bool _loaded;
    private InFlight? _inFlight;

    private string Key => this.GetPrimaryKeyString();

    public async Task<IdempotencyStart> Begin(string fingerprint)
    {
        var now = time.GetUtcNow();
        if (!_loaded)
        {
            _record = await store.Find(Key);
            _loaded = true;
        }
        if (_record is not null && now >= _record.ExpiresAt)
        {
            _record = null;
        }
        if (_record is not null)
        {
            return _record.Fingerprint == fingerprint
                ? new IdempotencyStart(IdempotencyOutcome.Replay, _record.Response)
                : new IdempotencyStart(IdempotencyOutcome.Mismatch, null);
        }
        if (_inFlight is not null && now < _inFlight.StartedAt + options.Idempotency.InFlightTimeout)
        {
            return new IdempotencyStart(_inFlight.Fingerprint == fingerprint ? IdempotencyOutcome.InFlight : IdempotencyOutcome.Mismatch, null);
        }
        // First attempt, or the last one outlived the timeout (its node is presumed gone): this one takes the key over,
        // and the lapsed lease can no longer complete or release it.
        _inFlight = new InFlight(fingerprint, Guid.NewGuid(), now);
        return new IdempotencyStart(IdempotencyOutcome.Proceed, null, _inFlight.Lease);
    }

    public async Task Complete(Guid lease, StoredResponse response)
    {
        if (_inFlight is null || _inFlight.Lease != lease)
        {
            return;
        }
        var record = new IdempotencyRecord(_inFlight.Fingerprint, response, time.GetUtcNow() + Retention);
        await store.Save(Key, record);
        _record = record;
        _inFlight = null;
    }

    public Task Release(Guid lease)
    {
        if (_inFlight?.Lease == lease)
        {
            _inFlight = null;
        }
        return Task.CompletedTask;
    }

    private sealed record InFlight(string Fingerprint, Guid Lease, DateTimeOffset StartedAt);
}
