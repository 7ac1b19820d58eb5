using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Keeps this node subscribed to access changes (<see cref="IAccessChangesGrain"/>) every <see cref="Resubscribe"/>,
/// dropping every remembered credential and held rate-limit token whenever the subscription's token changes (the list was lost
/// with its silo, or this node missed a change). Until a subscription succeeds, and when one has not for two periods,
/// neither <see cref="CheckedCredentials"/> nor <see cref="RateLimitLeases"/> is used: every request asks the grains.
/// </summary>
public sealed class AccessChangeListener(
    IGrainFactory grains, AccessChangeSubscription subscription, CheckedCredentials credentials, RateLimitLeases leases, TimeProvider time,
    ILogger<AccessChangeListener> logger)
    : BackgroundService, IAccessChangeObserver
{
    public static readonly TimeSpan Resubscribe = TimeSpan.FromSeconds(10);

    private IAccessChangeObserver? _reference;
    private Guid? _token;

    public Task Revoked(string grainKey)
    {
        credentials.Forget(grainKey);
        return Task.CompletedTask;
    }

    public Task OrganizationChanged(string orgId)
    {
        leases.Drop(orgId);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Resubscribe;
            try
            {
                _reference ??= grains.CreateObjectReference<IAccessChangeObserver>(this);
                var started = time.GetUtcNow();
                var token = await grains.GetGrain<IAccessChangesGrain>(0).Subscribe(_reference).WaitAsync(Resubscribe, stoppingToken);
                if (_token != token)
                {
                    credentials.ForgetAll();
                    leases.DropAll();
                    _token = token;
                }
                subscription.HeldUntil(started + 2 * Resubscribe);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster is starting or failing over: ask again soon; remembered keys lapse meanwhile.
                logger.LogDebug(ex, "Could not subscribe to access changes; trying again");
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
        subscription.HeldUntil(DateTimeOffset.MinValue);
        await base.StopAsync(cancellationToken);
        if (_reference is { } reference)
        {
            try
            {
                await grains.GetGrain<IAccessChangesGrain>(0).Unsubscribe(reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                grains.DeleteObjectReference<IAccessChangeObserver>(reference);
            }
            catch (Exception ex)
            {
                // The silo may have stopped first (embedded mode), taking the reference with it.
                logger.LogDebug(ex, "Could not unsubscribe from access changes; the list drops this node after a minute");
            }
        }
    }
}

/// <summary>
/// Whether this node's subscription to access changes is current (renewed within two periods): what the node keeps to
/// spare grain calls (<see cref="CheckedCredentials"/>, <see cref="RateLimitLeases"/>) is used only while it is.
/// </summary>
public sealed class AccessChangeSubscription(TimeProvider time)
{
    private long _heldUntil;

    public bool Current => Interlocked.Read(ref _heldUntil) > time.GetUtcNow().UtcTicks;

    public void HeldUntil(DateTimeOffset until) => Interlocked.Exchange(ref _heldUntil, until.UtcTicks);
}
