using Npgsql;

namespace Insure.Grains.Storage.Postgres;

/// <summary>Applies schema.sql: idempotent, in one transaction, serialized across processes by an advisory lock.</summary>
public static class PostgresSchema
{
    // Any fixed number works; it only has to be the same in every process that applies the schema.
    private const long AdvisoryLockKey = 0x1A5_0E5C;

    public static string Script { get; } = ReadScript();

    public static async Task Apply(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var command = new NpgsqlCommand(Script, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static string ReadScript()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("schema.sql", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
