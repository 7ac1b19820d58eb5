using Npgsql;
using NpgsqlTypes;

namespace Insure.Grains.Idempotency;

/// <summary>The Postgres-mode idempotency store: the `insure_idempotency` table (see Storage/Postgres/schema.sql).</summary>
public sealed class PostgresIdempotencyStore(NpgsqlDataSource dataSource) : IIdempotencyStore
{
    /// <summary>Rows one sweep statement deletes, so no single statement holds locks on a huge backlog.</summary>
    private const int SweepBatch = 5_000;

    public async Task<IdempotencyRecord?> Find(string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT fingerprint, status_code, content_type, body, location, expires_at, anchor FROM insure_idempotency WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var response = new StoredResponse(
            reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<byte[]>(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
        return new IdempotencyRecord(reader.GetString(0), response, reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    public async Task Save(string key, IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO insure_idempotency (key, fingerprint, status_code, content_type, body, location, expires_at, anchor)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (key) DO UPDATE
            SET fingerprint = excluded.fingerprint, status_code = excluded.status_code, content_type = excluded.content_type,
                body = excluded.body, location = excluded.location, expires_at = excluded.expires_at, anchor = excluded.anchor
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Fingerprint });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Response.StatusCode });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.Response.ContentType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Response.Body, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.Response.Location ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.ExpiresAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.Anchor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> Sweep(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(
                """
                DELETE FROM insure_idempotency
                WHERE key IN (SELECT key FROM insure_idempotency WHERE expires_at <= $1 LIMIT $2)
                  AND expires_at <= $1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = SweepBatch });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == SweepBatch);
        return total;
    }
}
