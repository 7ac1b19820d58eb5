using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.Idempotency;

/// <summary>
/// Serializes the requests that share one key (one activation cluster-wide) and remembers the first successful
/// response for <see cref="IdempotencyRules.Retention"/> in <see cref="IIdempotencyStore"/>. A record past its expiry
/// reads as absent; <see cref="IdempotencySweepGrain"/> deletes it later, so no reminder is kept per key.
/// The request in flight is held in memory only: if the silo dies mid-request nothing was stored and the client's retry
/// runs again. If the node running the request dies instead, the marker lapses after the in-flight timeout.
/// Load, decide (<see cref="IdempotencyRules"/>), apply, store.
/// </summary>
internal sealed class IdempotencyGrain(
    IIdempotencyStore store,
    InsureOptions options,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    : Grain, IIdempotencyGrain
{
    private IdempotencyRecord? _record;
    private bool _loaded;
    private InFlightRequest? _inFlight;

    private string Key => this.GetPrimaryKeyString();

    public async Task<IdempotencyStart> Begin(string fingerprint, string anchor)
    {
        await Load();
        var begin = IdempotencyRules.Begin(_record, _inFlight, fingerprint, Guid.NewGuid(), time.GetUtcNow(), options.Idempotency.InFlightTimeout, anchor);
        (_record, _inFlight) = (begin.Record, begin.InFlight);
        return begin.Start;
    }

    public Task<IdempotencyStart> Begin(string fingerprint) => Begin(fingerprint, Ids.New("req", time));

    public async Task Complete(Guid lease, StoredResponse response)
    {
        if (IdempotencyRules.Complete(_inFlight, lease, response, time.GetUtcNow()) is not { } record)
        {
            return;
        }
        await store.Save(Key, record);
        _record = record;
        _inFlight = null;
    }

    public Task Release(Guid lease)
    {
        _inFlight = IdempotencyRules.Release(_inFlight, lease);
        return Task.CompletedTask;
    }

    /// <summary>Reads the stored record once per activation; this activation keeps it up to date from then on.</summary>
    private async Task Load()
    {
        if (!_loaded)
        {
            _record = await store.Find(Key);
            _loaded = true;
        }
    }

    public async Task Abandon(Guid lease, string fingerprint, string anchor)
    {
        await Load();
        if (IdempotencyRules.Abandon(_record, _inFlight, lease, fingerprint, anchor, time.GetUtcNow()) is not { } uncertain)
        {
            return;
        }
        await store.Save(Key, uncertain);
        _record = uncertain;
        _inFlight = IdempotencyRules.Release(_inFlight, lease);
    }
}
