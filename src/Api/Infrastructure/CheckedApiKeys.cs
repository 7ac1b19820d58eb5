using System.Collections.Concurrent;
using System.Security.Cryptography;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// This node's memory of API keys it found valid, so a key's next requests need no grain call to check it. An entry
/// lasts <see cref="RememberFor"/> at most (and never past the key's expiry), and only while the node is subscribed to
/// revocations (<see cref="ApiKeyRevocationListener"/>): a revoked key is forgotten on every node before its revocation
/// answers. At most <see cref="Capacity"/> keys; past that the memory starts over.
/// </summary>
public sealed class CheckedApiKeys(TimeProvider time)
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromSeconds(60);
    public const int Capacity = 50_000;

    private sealed record Entry(byte[] SecretHash, ApiKeyCheck Check, DateTimeOffset Until);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _forgettings;
    private long _listeningUntil;

    /// <summary>Counts every forgetting: a check that began before one must not be remembered after it.</summary>
    public long Forgettings => Interlocked.Read(ref _forgettings);

    public bool TryGet(string keyGrainKey, byte[] secretHash, out ApiKeyCheck check)
    {
        var now = time.GetUtcNow();
        if (Listening(now) && _entries.TryGetValue(keyGrainKey, out var entry) && entry.Until > now
            && CryptographicOperations.FixedTimeEquals(entry.SecretHash, secretHash))
        {
            check = entry.Check;
            return true;
        }
        check = ApiKeyCheck.Unknown;
        return false;
    }

    /// <summary>Remembers a valid check that began when <see cref="Forgettings"/> read <paramref name="forgettingsBefore"/>.</summary>
    public void Remember(string keyGrainKey, byte[] secretHash, ApiKeyCheck check, long forgettingsBefore)
    {
        var now = time.GetUtcNow();
        if (check.Status != ApiKeyStatus.Valid || !Listening(now))
        {
            return;
        }
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        var until = now + RememberFor;
        _entries[keyGrainKey] = new Entry(secretHash, check, check.ExpiresAt is { } expires && expires < until ? expires : until);
        if (Forgettings != forgettingsBefore)
        {
            // A revocation came while the key was being checked: the check may predate it.
            _entries.TryRemove(keyGrainKey, out _);
        }
    }

    public void Forget(string keyGrainKey)
    {
        Interlocked.Increment(ref _forgettings);
        _entries.TryRemove(keyGrainKey, out _);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _forgettings);
        _entries.Clear();
    }

    /// <summary>The node is subscribed to revocations until <paramref name="until"/>; memory is used only until then.</summary>
    public void ListeningUntil(DateTimeOffset until) => Interlocked.Exchange(ref _listeningUntil, until.UtcTicks);

    private bool Listening(DateTimeOffset now) => Interlocked.Read(ref _listeningUntil) > now.UtcTicks;
}

/// <summary>
/// Keeps this node subscribed to API key revocations (<see cref="IApiKeyRevocationsGrain"/>) every
/// <see cref="Resubscribe"/>, forgetting every remembered key whenever the subscription's token changes (the list was
/// lost with its silo, or this node missed a revocation). Until a subscription succeeds, and when one has not for two
/// periods, <see cref="CheckedApiKeys"/> is not used: every request asks the key's grain.
/// </summary>
public sealed class ApiKeyRevocationListener(IGrainFactory grains, CheckedApiKeys keys, TimeProvider time, ILogger<ApiKeyRevocationListener> logger)
    : BackgroundService, IApiKeyRevocationObserver
{
    public static readonly TimeSpan Resubscribe = TimeSpan.FromSeconds(10);

    private IApiKeyRevocationObserver? _reference;
    private Guid? _token;

    public Task Revoked(string keyGrainKey)
    {
        keys.Forget(keyGrainKey);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Resubscribe;
            try
            {
                _reference ??= grains.CreateObjectReference<IApiKeyRevocationObserver>(this);
                var started = time.GetUtcNow();
                var token = await grains.GetGrain<IApiKeyRevocationsGrain>(0).Subscribe(_reference).WaitAsync(Resubscribe, stoppingToken);
                if (_token != token)
                {
                    keys.ForgetAll();
                    _token = token;
                }
                keys.ListeningUntil(started + 2 * Resubscribe);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster is starting or failing over: ask again soon; remembered keys lapse meanwhile.
                logger.LogDebug(ex, "Could not subscribe to API key revocations; trying again");
                wait = TimeSpan.FromSeconds(1);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        keys.ListeningUntil(DateTimeOffset.MinValue);
        await base.StopAsync(cancellationToken);
        if (_reference is { } reference)
        {
            try
            {
                await grains.GetGrain<IApiKeyRevocationsGrain>(0).Unsubscribe(reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                grains.DeleteObjectReference<IApiKeyRevocationObserver>(reference);
            }
            catch (Exception ex)
            {
                // The silo may have stopped first (embedded mode), taking the reference with it.
                logger.LogDebug(ex, "Could not unsubscribe from API key revocations; the list drops this node after a minute");
            }
        }
    }
}
