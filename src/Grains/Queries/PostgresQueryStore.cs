using System.Text.Json;
using Insure.Grains.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Insure.Grains.Queries;

/// <summary>
/// The Postgres-mode query store: the `insure_records` table (see Storage/Postgres/schema.sql). A list reads its page
/// and counts matches up to <paramref name="countLimit"/> (+1), so no request reads more than about that many rows.
/// Events also get an event-log position (`log_seq`) when first inserted; see <see cref="Upsert"/>.
/// </summary>
public sealed class PostgresQueryStore(NpgsqlDataSource dataSource, int countLimit = ListSettings.DefaultMaxOffset) : IQueryStore
{
    /// <summary>
    /// An event's position is its writing transaction's id shifted left by this many bits, plus its index in the batch:
    /// ordered by transaction, then by batch order. 43 bits of transaction ids outlast any server (8.8 trillion writes).
    /// </summary>
    private const int BatchIndexBits = 20;

    /// <summary>At most this many records go in one transaction of merged writes (a batch's own size is not capped).</summary>
    private const int MaxMergedRecords = 500;

    private readonly Lock _gate = new();
    private readonly Queue<PendingWrite> _waiting = new();
    private bool _writing;

    public int CountLimit => countLimit;

    /// <summary>
    /// Writes <paramref name="records"/> in one transaction, possibly with other callers' records (group commit). While
    /// a write is running, the calls that arrive wait and then go to the server together, in the order they came: a
    /// commit per dozen grain changes under load instead of one per change, and no added wait when the store is idle.
    /// When the server refuses a statement of a merged transaction, each caller's records are written again on their
    /// own, so a caller sees only its own refusal; any other failure (connection, timeout) fails the whole group at once,
    /// and its callers retry as they would a write of their own. Cancelling <paramref name="cancellationToken"/> stops
    /// the wait, not a write already queued: the records may still be written (callers retry writes at least once anyway).
    /// </summary>
    public Task Upsert(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }
        try
        {
            QueryStoreChecks.NoContributingEvents(records);
            if (records.Count(r => r.Kind == QueryKinds.Event) >= 1 << BatchIndexBits)
            {
                throw new ArgumentException($"At most {(1 << BatchIndexBits) - 1} events go in one write.", nameof(records));
            }
        }
        catch (ArgumentException refused)
        {
            return Task.FromException(refused);
        }
        var pending = new PendingWrite(records);
        if (cancellationToken.CanBeCanceled)
        {
            // Observed here too, so a caller that stopped waiting leaves no unobserved failure behind.
            _ = pending.Done.Task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            if (!_writing)
            {
                _writing = true;
                // Off the caller's turn: a grain's scheduler must not run other grains' writes.
                _ = Task.Run(WriteWaiting, CancellationToken.None);
            }
        }
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private sealed class PendingWrite(IReadOnlyList<QueryRecord> records)
    {
        public IReadOnlyList<QueryRecord> Records => records;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task WriteWaiting()
    {
        while (true)
        {
            var group = new List<PendingWrite>();
            lock (_gate)
            {
                var count = 0;
                while (_waiting.TryPeek(out var next) && (group.Count == 0 || count + next.Records.Count <= MaxMergedRecords))
                {
                    group.Add(_waiting.Dequeue());
                    count += next.Records.Count;
                }
                if (group.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }
            await WriteGroup(group);
        }
    }

    /// <summary>Never throws: every caller's task ends with its outcome.</summary>
    private async Task WriteGroup(List<PendingWrite> group)
    {
        try
        {
            await Write(group.Count == 1 ? group[0].Records : group.SelectMany(p => p.Records).ToList(), CancellationToken.None);
            group.ForEach(p => p.Done.TrySetResult());
            return;
        }
        catch (Exception failed) when (group.Count == 1 || !RefusedByTheServer(failed))
        {
            // One caller's, or no caller's fault (the connection, the server): written alone, each would fail the same way.
            group.ForEach(p => p.Done.TrySetException(failed));
            return;
        }
        catch (PostgresException)
        {
            // Which caller's records the server refused is not known: each is written alone below.
        }
        foreach (var pending in group)
        {
            try
            {
                await Write(pending.Records, CancellationToken.None);
                pending.Done.TrySetResult();
            }
            catch (Exception failed)
            {
                pending.Done.TrySetException(failed);
            }
        }
    }

    /// <summary>
    /// The server refused something a statement carried (bad data, a constraint, an index row too large, a deadlock): one
    /// caller's records, or the mix, and worth writing each alone. Not so for the connection (class 08), the server's
    /// resources (53), an operator or shutdown (57) or the server's own failure (58): those fail any caller alike.
    /// </summary>
    private static bool RefusedByTheServer(Exception failed) =>
        failed is PostgresException { SqlState: var state }
        && !(state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
            || state.StartsWith("57", StringComparison.Ordinal) || state.StartsWith("58", StringComparison.Ordinal));

    private async Task Write(IReadOnlyList<QueryRecord> records, CancellationToken cancellationToken)
    {
        // The batch runs without an explicit transaction, which Npgsql wraps in one implicit transaction: every lock below
        // is held until the whole batch commits or rolls back.
        await using var batch = dataSource.CreateBatch();
        // One writer at a time per running total, taken in a fixed order before any row: two batches that both move
        // a policy's totals (a payment and a refund) cannot lock them in opposite orders and deadlock.
        foreach (var total in records.Where(r => r.Contribution is not null)
                     .Select(r => $"{r.Contribution!.Group}/{r.Tenant}/{r.Contribution.Key}").Distinct().Order(StringComparer.Ordinal))
        {
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = total });
            batch.BatchCommands.Add(lockCommand);
        }
        foreach (var record in records.Where(r => r.Kind != QueryKinds.Event && r.Contribution is not null))
        {
            // A record that contributes to totals goes through the function that moves them (Storage/Postgres/schema.sql).
            var command = new NpgsqlBatchCommand("SELECT insure_upsert_record($1, $2, $3, $4, $5, $6, $7, $8)");
            AddRecord(command, record);
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = JsonSerializer.Serialize(new { group = record.Contribution!.Group, key = record.Contribution.Key, amounts = record.Contribution.Amounts }),
                NpgsqlDbType = NpgsqlDbType.Jsonb,
            });
            batch.BatchCommands.Add(command);
        }
        // The others in one statement of arrays, whatever their number (one text, so the server keeps it prepared), in key
        // order so two writers lock shared rows in the same order. One statement cannot change a row twice: of a record
        // given more than once, the one the separate upserts would have left is kept (the last of its highest version).
        var plain = records.Where(r => r.Kind != QueryKinds.Event && r.Contribution is null)
            .Select((record, order) => (record, order))
            .GroupBy(r => (r.record.Kind, r.record.Tenant, r.record.Id))
            .Select(g => g.OrderBy(r => r.record.Version).ThenBy(r => r.order).Last().record)
            .OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Tenant, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        if (plain.Count > 0)
        {
            var command = new NpgsqlBatchCommand(
                """
                INSERT INTO insure_records (kind, tenant, id, created_at, version, tags, doc)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::jsonb[], $7::text[])
                ON CONFLICT (kind, tenant, id) DO UPDATE
                SET created_at = excluded.created_at, version = excluded.version, tags = excluded.tags, doc = excluded.doc, updated_at = now()
                WHERE insure_records.version <= excluded.version
                """);
            AddRecords(command, plain);
            batch.BatchCommands.Add(command);
        }
        // Events last, each positioned by this transaction's id (then its place in the batch). A transaction's id is taken
        // when it starts writing, so positions are not handed out in commit order; ReadLog makes that safe without any
        // lock, by reading only events of transactions older than every transaction still running. Events are immutable:
        // a repeat (at-least-once dispatch) keeps the first row and its position.
        var events = records.Where(r => r.Kind == QueryKinds.Event).DistinctBy(r => (r.Tenant, r.Id)).ToList();
        if (events.Count > 0)
        {
            var command = new NpgsqlBatchCommand(
                $"""
                INSERT INTO insure_records (kind, tenant, id, created_at, version, tags, doc, log_seq)
                SELECT kind, tenant, id, created_at, version, tags, doc, (pg_current_xact_id()::text::bigint << {BatchIndexBits}) + position - 1
                FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::jsonb[], $7::text[])
                    WITH ORDINALITY AS e(kind, tenant, id, created_at, version, tags, doc, position)
                ON CONFLICT (kind, tenant, id) DO NOTHING
                """);
            AddRecords(command, events);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Parameters $1..$7, each an array with an element per record: kind, tenant, id, created_at, version, tags, doc.</summary>
    private static void AddRecords(NpgsqlBatchCommand command, IReadOnlyList<QueryRecord> records)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Kind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Tenant).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.CreatedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => JsonSerializer.Serialize(r.Tags)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Document).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }

    /// <summary>Parameters $1..$7: kind, tenant, id, created_at, version, tags, doc.</summary>
    private static void AddRecord(NpgsqlBatchCommand command, QueryRecord record)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = record.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = record.CreatedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(record.Tags), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Document });
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadLog(string tenant, long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // Only events written by transactions older than the snapshot's xmin, the oldest transaction still running: every
        // transaction below it has committed or rolled back, so no event positioned below what this returns can appear
        // later. A newer committed event waits for the transactions older than it to end (milliseconds, in this system;
        // longer should someone hold a transaction open on the database).
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT log_seq, id, doc FROM insure_records
            WHERE tenant = $1 AND log_seq > $2
              AND log_seq < (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {BatchIndexBits})
            ORDER BY log_seq LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var events = new List<LoggedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new LoggedEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        return events;
    }

    public async Task<long> LogHead(string tenant, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT COALESCE(max(log_seq), 0) FROM insure_records WHERE tenant = $1 AND log_seq IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
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
        var offset = (long)(page - 1) * pageSize;
        var documents = new List<string>();
        await using (var command = Matching(kind, tenant, filter, "doc", $"ORDER BY created_at DESC, id DESC LIMIT {pageSize} OFFSET {offset}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(reader.GetString(0));
            }
        }
        if ((documents.Count > 0 && documents.Count < pageSize) || (documents.Count == 0 && page == 1))
        {
            // The last page: every match is behind or on it, so the total needs no second query.
            return Total(documents, offset + documents.Count);
        }
        // Counts at most countLimit + 1 matches (to tell "exactly the limit" from "more"), never the whole tenant.
        await using var count = Matching(kind, tenant, filter, "1", $"LIMIT {(long)countLimit + 1}");
        count.CommandText = $"SELECT count(*) FROM ({count.CommandText}) AS matches";
        return Total(documents, (long)(await count.ExecuteScalarAsync(cancellationToken))!);
    }

    private QueryPage Total(List<string> documents, long matched) =>
        matched > countLimit ? new QueryPage(documents, countLimit, true) : new QueryPage(documents, matched);

    /// <summary>`SELECT {columns}` over the records of a kind and tenant that match the filter, then <paramref name="tail"/>.</summary>
    private NpgsqlCommand Matching(string kind, string tenant, QueryFilter filter, string columns, string tail)
    {
        var ranges = new System.Text.StringBuilder();
        var rangeParameters = new List<NpgsqlParameter>();
        foreach (var range in filter.Ranges ?? [])
        {
            // Tag names come from code, never from a request; inlined (checked) so expression indexes on
            // (tags->>'name') apply. Bounds are parameters $6 onwards; COLLATE "C" gives ordinal order.
            var tag = TagLiteral(range.Tag);
            ranges.Append($" AND tags ? {tag}");
            if (range.From is not null)
            {
                ranges.Append($" AND (tags->>{tag}) COLLATE \"C\" >= ${6 + rangeParameters.Count}");
                rangeParameters.Add(new NpgsqlParameter { Value = range.From });
            }
            if (range.To is not null)
            {
                ranges.Append($" AND (tags->>{tag}) COLLATE \"C\" <= ${6 + rangeParameters.Count}");
                rangeParameters.Add(new NpgsqlParameter { Value = range.To });
            }
        }
        if (filter.Search is { } search)
        {
            // strpos, not LIKE: the text is matched as it is, with no wildcard characters to escape. The tag holds
            // lower-cased text and the needle is lowered here, by .NET, so both sides use the same case mapping.
            ranges.Append($" AND strpos(tags->>{TagLiteral(search.Tag)}, ${6 + rangeParameters.Count}) > 0");
            rangeParameters.Add(new NpgsqlParameter { Value = search.Text.ToLowerInvariant() });
        }
        // The page size, offset and limit in the tail are integers from code, inlined like the tag names.
        var command = dataSource.CreateCommand(
            $"""
            SELECT {columns} FROM insure_records
            WHERE kind = $1 AND tenant = $2 AND tags @> $3
              AND ($4::timestamptz IS NULL OR created_at > $4)
              AND ($5::timestamptz IS NULL OR created_at < $5){ranges}
            {tail}
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
        command.Parameters.AddRange(rangeParameters.ToArray());
        return command;
    }

    /// <summary>A tag name (from code, never from a request) as a SQL literal, after checking it is letters and digits only.</summary>
    private static string TagLiteral(string tag) =>
        tag.Length > 0 && tag.All(char.IsAsciiLetterOrDigit) ? $"'{tag}'" : throw new ArgumentException($"Not a tag name: '{tag}'", nameof(tag));

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> Totals(
        string group, string tenant, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, Dictionary<string, decimal>>();
        if (keys.Count == 0)
        {
            return new Dictionary<string, IReadOnlyDictionary<string, decimal>>();
        }
        await using var command = dataSource.CreateCommand("SELECT key, name, amount FROM insure_totals WHERE grp = $1 AND tenant = $2 AND key = ANY($3)");
        command.Parameters.Add(new NpgsqlParameter { Value = group });
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            if (!found.TryGetValue(key, out var amounts))
            {
                found[key] = amounts = [];
            }
            amounts[reader.GetString(1)] = reader.GetDecimal(2);
        }
        return found.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, decimal>)p.Value);
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
