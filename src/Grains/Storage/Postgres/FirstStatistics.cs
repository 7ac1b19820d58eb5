using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Insure.Grains.Storage.Postgres;

/// <summary>
/// Analyzes each of the busiest tables once, as soon as it holds <see cref="Changes"/> changes and nobody has analyzed it
/// yet, instead of leaving a new database without statistics until autovacuum's first visit (its default naptime is a
/// minute, and later on a busy server).
///
/// Without statistics the planner cannot tell a record's key lookup (kind, tenant, id) through the primary key from the
/// same lookup through the newest-first index, whose leading columns are kind and tenant too. Both cost the same, and
/// it picked the newest-first index, which reads every record of that kind in the tenant. Prepared statements and
/// PL/pgSQL then kept that plan. Measured in the bind flow on a new database: 137 blocks and 0.59 ms a lookup, against
/// 5.5 blocks and 0.02 ms once the table had statistics. An ANALYZE also drops every plan cached on the table.
///
/// Once every table has statistics, by this or by autovacuum, the service stops (and after an hour in any case). Several
/// silos may each analyze a table once. A role that may not analyze a table leaves it to autovacuum, with a warning.
/// </summary>
internal sealed class FirstStatistics(NpgsqlDataSource dataSource, ILogger<FirstStatistics> logger, TimeSpan? interval = null) : BackgroundService
{
    public const int Changes = 1000;
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(1);

    private static readonly string[] Tables = ["insure_records", "insure_totals", "orleansstorage", "orleansreminderstable"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var waiting = Tables.ToHashSet(StringComparer.Ordinal);
        var period = interval ?? TimeSpan.FromSeconds(2);
        using var timer = new PeriodicTimer(period);
        // A table that never gets its changes (a quiet deployment) is left to autovacuum after an hour of looking.
        for (var ticks = 0L; waiting.Count > 0 && ticks * period < GiveUpAfter && await timer.WaitForNextTickAsync(stoppingToken); ticks++)
        {
            try
            {
                foreach (var (table, analyzed, changes) in await Read(waiting, stoppingToken))
                {
                    if (analyzed)
                    {
                        waiting.Remove(table);
                    }
                    else if (changes >= Changes)
                    {
                        await using var analyze = dataSource.CreateCommand($"ANALYZE {table}");
                        await analyze.ExecuteNonQueryAsync(stoppingToken);
                        waiting.Remove(table);
                        // A role that does not own the table gets a warning from PostgreSQL, not an error: then autovacuum does it.
                        logger.LogInformation("Asked PostgreSQL to analyze {Table} after its first {Changes} changes", table, changes);
                    }
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                logger.LogWarning("This role may not analyze Insure's tables; autovacuum will: {Message}", ex.MessageText);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away, or anything else: nothing here is worth stopping a silo for. Try again next tick.
                logger.LogDebug(ex, "Could not read or analyze table statistics");
            }
        }
    }

    /// <summary>Each waiting table's name, whether it has statistics, and its changes since (or without) them.</summary>
    private async Task<List<(string Table, bool Analyzed, long Changes)>> Read(IReadOnlyCollection<string> tables, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT t.name, s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL, s.n_mod_since_analyze
            FROM unnest($1::text[]) AS t(name)
            JOIN pg_stat_user_tables s ON s.relid = to_regclass(t.name)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tables.ToArray() });
        var found = new List<(string, bool, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2)));
        }
        return found;
    }
}
