using Npgsql;

namespace Insure.Grains.Storage.Postgres;

/// <summary>Secrets kept in the `insure_secrets` table, so every node on the database uses the same one.</summary>
public static class PostgresSecrets
{
    /// <summary>
    /// The stored secret called <paramref name="name"/>; stores <paramref name="candidate"/> first if there is none.
    /// Nodes racing to create it all end up with the one row that won.
    /// </summary>
    public static async Task<byte[]> GetOrCreate(NpgsqlDataSource dataSource, string name, byte[] candidate, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("INSERT INTO insure_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = name });
            insert.Parameters.Add(new NpgsqlParameter { Value = candidate });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        // A separate statement, so it sees a row another node committed while the insert above waited on it.
        await using var select = new NpgsqlCommand("SELECT value FROM insure_secrets WHERE name = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = name });
        return (byte[])(await select.ExecuteScalarAsync(cancellationToken))!;
    }
}
