using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Insure.Grains.Queries;

/// <summary>The Postgres-mode query store: the `insure_records` table (see Storage/Postgres/schema.sql).</summary>
public sealed class PostgresQueryStore(NpgsqlDataSource dataSource) : IQueryStore
{
    public async Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return;
        }
        await using var batch = dataSource.CreateBatch();
        foreach (var record in records)
        {
            var command = new NpgsqlBatchCommand(
                """
                INSERT INTO insure_records (kind, tenant, id, created_at, version, tags, doc)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (kind, tenant, id) DO UPDATE
                SET created_at = excluded.created_at, version = excluded.version, tags = excluded.tags, doc = excluded.doc, updated_at = now()
                WHERE insure_records.version <= excluded.version
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = record.Kind });
            command.Parameters.Add(new NpgsqlParameter { Value = record.Tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = record.Id });
            command.Parameters.Add(new NpgsqlParameter { Value = record.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = record.Version });
            command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(record.Tags), NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new NpgsqlParameter { Value = record.Document });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> Get(string kind, string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT doc FROM insure_records WHERE kind = $1 AND tenant = $2 AND id = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<QueryPage> List(string kind, string tenant, QueryFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var ranges = new System.Text.StringBuilder();
        var rangeParameters = new List<NpgsqlParameter>();
        foreach (var range in filter.Ranges ?? [])
        {
            // Tag names come from code, never from a request; inlined (checked) so expression indexes on
            // (tags->>'name') apply. Bounds are parameters $8 onwards; COLLATE "C" gives ordinal order.
            if (range.Tag.Length == 0 || !range.Tag.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"Not a tag name: '{range.Tag}'", nameof(filter));
            }
            var tag = $"'{range.Tag}'";
            ranges.Append($" AND tags ? {tag}");
            if (range.From is not null)
            {
                ranges.Append($" AND (tags->>{tag}) COLLATE \"C\" >= ${8 + rangeParameters.Count}");
                rangeParameters.Add(new NpgsqlParameter { Value = range.From });
            }
            if (range.To is not null)
            {
                ranges.Append($" AND (tags->>{tag}) COLLATE \"C\" <= ${8 + rangeParameters.Count}");
                rangeParameters.Add(new NpgsqlParameter { Value = range.To });
            }
        }
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT doc, count(*) OVER () AS total FROM insure_records
            WHERE kind = $1 AND tenant = $2 AND tags @> $3
              AND ($4::timestamptz IS NULL OR created_at > $4)
              AND ($5::timestamptz IS NULL OR created_at < $5){ranges}
            ORDER BY created_at DESC, id DESC
            LIMIT $6 OFFSET $7
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = JsonSerializer.Serialize(filter.Tags ?? new Dictionary<string, string>()),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.CreatedAfter?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.CreatedBefore?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = pageSize });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)(page - 1) * pageSize });
        command.Parameters.AddRange(rangeParameters.ToArray());
        var documents = new List<string>();
        long total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(reader.GetString(0));
                total = reader.GetInt64(1);
            }
        }
        if (documents.Count == 0 && page > 1)
        {
            // Past the last page the window function has no row to report the total on.
            total = await Count(kind, tenant, filter, cancellationToken);
        }
        return new QueryPage(documents, total);
    }

    private async Task<long> Count(string kind, string tenant, QueryFilter filter, CancellationToken cancellationToken)
    {
        var firstPage = await List(kind, tenant, filter, 1, 1, cancellationToken);
        return firstPage.Total;
    }

    public async Task<bool> Any(string kind, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM insure_records WHERE kind = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task Ping(CancellationToken cancellationToken = default)
    {
        // Touches the query table, so a reachable server without the schema (or with it broken) is not "ready".
        await using var command = dataSource.CreateCommand("SELECT 1 FROM insure_records LIMIT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
