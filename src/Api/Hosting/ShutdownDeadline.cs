using Insure.Grains.Hosting;
using Npgsql;

namespace Insure.Api.Hosting;

/// <summary>
/// Ends a stopping process that has not finished stopping in time (<see cref="ShutdownSettings"/>): sooner when the
/// database does not answer as the stop begins, since Orleans would then spend minutes retrying membership writes that
/// cannot succeed. A stop that ends in time is not touched. Exits with code 0: every change was stored when it was
/// made, and the silo's membership row is marked dead by the others, or by the next start.
/// </summary>
public sealed class ShutdownDeadline(
    IHostApplicationLifetime lifetime, IHostLifetime hostLifetime, InsureOptions options, IServiceProvider services, ILogger<ShutdownDeadline> logger)
    : IHostedService
{
    private static readonly TimeSpan DatabaseCheckTimeout = TimeSpan.FromSeconds(1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Shutdown.Deadline > TimeSpan.Zero)
        {
            lifetime.ApplicationStopping.Register(() => _ = Task.Run(Watch));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task Watch()
    {
        var deadline = options.Shutdown.Deadline;
        if (services.GetService<NpgsqlDataSource>() is { } database && !await Answers(database))
        {
            deadline = TimeSpan.FromTicks(Math.Min(deadline.Ticks, options.Shutdown.DeadlineWithoutDatabase.Ticks));
            logger.LogWarning("The database does not answer: this process exits at the latest {Deadline} after the stop began", deadline);
        }
        try
        {
            await Task.Delay(deadline, lifetime.ApplicationStopped);
        }
        catch (OperationCanceledException)
        {
            return;  // Stopped in time.
        }
        Console.Error.WriteLine($"Insure: the stop did not finish within {deadline}; exiting now (nothing unstored is lost).");
        // The console lifetime holds process exit until the host is disposed, which a stuck stop never reaches.
        (hostLifetime as IDisposable)?.Dispose();
        Environment.Exit(0);
    }

    private static async Task<bool> Answers(NpgsqlDataSource database)
    {
        try
        {
            using var timeout = new CancellationTokenSource(DatabaseCheckTimeout);
            await using var connection = await database.OpenConnectionAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
