using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Idempotency;

/// <summary>
/// Deletes expired idempotency records on one reminder for the whole cluster. Late or repeated ticks are harmless:
/// a sweep deletes only what has expired by the Insure clock.
/// </summary>
internal sealed class IdempotencySweepGrain(
    IIdempotencyStore store,
    InsureOptions options,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time,
    ILogger<IdempotencySweepGrain> logger)
    : Grain, IIdempotencySweepGrain, IRemindable
{
    public const string ReminderName = "sweep";

    public async Task Start()
    {
        // Re-registered at every silo start: a changed interval applies, and a restart brings a sweep within a minute
        // rather than pushing the next one a whole interval away.
        await this.RegisterOrUpdateReminder(
            ReminderName, IdempotencyRules.MinimumSweepInterval, IdempotencyRules.SweepInterval(options.Idempotency.SweepInterval));
    }

    public async Task<int> Sweep()
    {
        var removed = await store.Sweep(time.GetUtcNow());
        if (removed > 0)
        {
            logger.LogInformation("Swept {Count} expired idempotency records", removed);
        }
        return removed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await Sweep();
}
