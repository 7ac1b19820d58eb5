using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Hosting;
using Insure.Grains.Queries;
using Insure.Grains.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Insure.Api.Tests.Postgres;

public sealed class SchemaTests
{
    [Fact]
    public async Task Schema_AppliesRepeatedlyAndConcurrently()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Instance.CreateDatabase("schema"));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresSchema.Apply(dataSource)));
        await PostgresSchema.Apply(dataSource);

        await using var command = dataSource.CreateCommand("SELECT querykey FROM orleansquery ORDER BY querykey");
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }
        // Every key the 10.4.2 clustering, reminder and grain-storage providers require.
        string[] required =
        [
            "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey", "UpdateMembershipKey",
            "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        ];
        Assert.All(required, key => Assert.Contains(key, keys));
    }

    [Fact]
    public async Task LargeGrainStatesAndDocuments_AreStoredLz4Compressed_AndReadBackWhole()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Instance.CreateDatabase("lz4"));
        await PostgresSchema.Apply(dataSource);
        await PostgresSchema.Apply(dataSource);
        var large = string.Concat(Enumerable.Range(0, 400).Select(i => $"{{\"line\":{i},\"kind\":\"premium\"}},"));

        await using (var insert = dataSource.CreateCommand(
            """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
            VALUES (1, 0, 0, 2, 'invoice', 'inv_1', 'insure', $1, 1);
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = System.Text.Encoding.UTF8.GetBytes(large) });
            await insert.ExecuteNonQueryAsync();
        }
        await using (var insert = dataSource.CreateCommand("INSERT INTO insure_records (kind, tenant, id, created_at, version, doc) VALUES ('invoice', 't', 'inv_1', now(), 1, $1)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = large });
            await insert.ExecuteNonQueryAsync();
        }

        // The columns say lz4 whatever the server's default (default_toast_compression) is.
        await using (var columns = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_attribute WHERE attcompression = 'l' AND (attrelid, attname) IN (('orleansstorage'::regclass, 'payloadbinary'), ('insure_records'::regclass, 'doc'))"))
        {
            Assert.Equal(2L, await columns.ExecuteScalarAsync());
        }
        await using var read = dataSource.CreateCommand(
            """
            SELECT pg_column_compression(s.payloadbinary), s.payloadbinary, pg_column_compression(r.doc), r.doc
            FROM orleansstorage s, insure_records r WHERE s.grainidextensionstring = 'inv_1' AND r.id = 'inv_1'
            """);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("lz4", "lz4"), (reader.GetString(0), reader.GetString(2)));
        Assert.Equal(large, System.Text.Encoding.UTF8.GetString((byte[])reader[1]));
        Assert.Equal(large, reader.GetString(3));
    }

    [Fact]
    public async Task GrainStorageQueries_FindAStringKeyedGrainThroughAnIndex_NotByReadingEveryGrainOfItsType()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Instance.CreateDatabase("storageplan"));
        await PostgresSchema.Apply(dataSource);
        // 20,000 string-keyed grains of one type, as Orleans stores them: n0 = n1 = 0, the key as the extension.
        await Execute(dataSource, """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
            SELECT hashtext('org_1/sandbox/inv_' || i), 0, 0, 77, 'invoice', 'org_1/sandbox/inv_' || i, 'insure', '\x01', 1
            FROM generate_series(1, 20000) AS i;
            ANALYZE orleansstorage;
            """);
        foreach (var key in new[] { "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey" })
        {
            var text = (string)(await Scalar(dataSource, $"SELECT querytext FROM orleansquery WHERE querykey = '{key}'"))!;
            var literal = text
                .Replace("@GrainIdHash", "hashtext('org_1/sandbox/inv_123')").Replace("@GrainTypeHash", "77")
                .Replace("@GrainIdN0", "0").Replace("@GrainIdN1", "0").Replace("@GrainTypeString", "'invoice'")
                .Replace("@GrainIdExtensionString", "'org_1/sandbox/inv_123'").Replace("@ServiceId", "'insure'")
                .Replace("@GrainStateVersion", "1").Replace("@PayloadBinary", "'\\x02'::bytea");
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, FORMAT JSON) {literal}", connection, transaction);
            var plan = (string)(await explain.ExecuteScalarAsync())!;
            await transaction.RollbackAsync();
            // Rows a scan read and threw away: a handful at most (hash collisions), never the type's 20,000 grains.
            var discarded = System.Text.RegularExpressions.Regex.Matches(plan, "\"Rows Removed by (Filter|Index Recheck)\": (\\d+)")
                .Sum(m => long.Parse(m.Groups[2].Value));
            Assert.True(discarded < 10, $"{key} read and discarded {discarded} rows: {plan}");
            Assert.Contains("orleansstorage_hash", plan);
        }
    }

    [Fact]
    public async Task Schema_DropsTheOldPerKeyIdempotencyStateAndReminders_Once()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Instance.CreateDatabase("legacy"));
        await PostgresSchema.Apply(dataSource);
        // A database from before the idempotency table: responses were grain state, each with its own reminder.
        await Execute(dataSource, """
            DROP TABLE insure_idempotency;
            INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version) VALUES
                ('insure', 'idempotency/org_1/sandbox/key_1/k', 'expire', now(), 86400000, 1, 0),
                ('insure', 'policy/org_1/sandbox/pol_1', 'lifecycle', now(), 86400000, 2, 0);
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version) VALUES
                (1, 1, 1, 1, 'idempotency', 'org_1/sandbox/key_1/k', 'insure', '\x01', 1),
                (2, 2, 2, 2, 'policy', 'org_1/sandbox/pol_1', 'insure', '\x02', 1);
            """);

        await PostgresSchema.Apply(dataSource);
        Assert.Equal("policy/org_1/sandbox/pol_1", await Scalar(dataSource, "SELECT string_agg(grainid, ',') FROM orleansreminderstable"));
        Assert.Equal("policy", await Scalar(dataSource, "SELECT string_agg(graintypestring, ',') FROM orleansstorage"));

        // Once the table exists, later starts leave grain state alone.
        await Execute(dataSource, "UPDATE orleansstorage SET graintypestring = 'idempotency'");
        await PostgresSchema.Apply(dataSource);
        Assert.Equal("idempotency", await Scalar(dataSource, "SELECT string_agg(graintypestring, ',') FROM orleansstorage"));
    }

    [Fact]
    public async Task Schema_UpgradesARecordsTableFromBeforeTheEventLog_InPlace_LeavingOldEventsOutOfTheLog()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Instance.CreateDatabase("prelog"));
        await PostgresSchema.Apply(dataSource);
        // A database from before the event log: no position column or index, and an event already stored.
        await Execute(dataSource, """
            DROP INDEX insure_records_event_log;
            ALTER TABLE insure_records DROP COLUMN log_seq;
            INSERT INTO insure_records (kind, tenant, id, created_at, version, tags, doc)
            VALUES ('event', 'org_1/sandbox', 'evt_old', now(), 0, '{}', '{"id":"evt_old"}');
            """);

        await PostgresSchema.Apply(dataSource);
        var store = new PostgresQueryStore(dataSource);
        Assert.Equal(0, await store.LogHead("org_1/sandbox"));
        await store.Upsert([Event("evt_old"), Event("evt_new")]);

        Assert.Equal(["evt_new"], (await EventLogs.ReadOnceItShows(store, "org_1/sandbox", 1)).Select(e => e.Id));
        Assert.Equal("{\"id\":\"evt_old\"}", await store.Get(QueryKinds.Event, "org_1/sandbox", "evt_old"));
        Assert.Equal(2, (await store.List(QueryKinds.Event, "org_1/sandbox", QueryFilter.None, 1, 10)).Total);
    }

    /// <summary>An event as dispatch writes it; for evt_old, a repeat of the stored one.</summary>
    private static QueryRecord Event(string id) =>
        new(QueryKinds.Event, "org_1/sandbox", id, DateTimeOffset.UnixEpoch, 0, new Dictionary<string, string>(), $"{{\"id\":\"{id}\",\"repeat\":true}}");

    [Fact]
    public async Task ANewDatabasesRecordsTable_IsAnalyzedAfterItsFirstThousandChanges_SoKeyLookupsUseTheKey()
    {
        await using var dataSource = NpgsqlDataSource.Create(InsureHosting.Tuned(PostgresServer.Instance.CreateDatabase("firststats")));
        await PostgresSchema.Apply(dataSource);
        const string lookup = "SELECT doc FROM insure_records WHERE kind = 'ledger_entry' AND tenant = 'org_1/sandbox' AND id = 'missing'";
        var statistics = new FirstStatistics(dataSource, NullLogger<FirstStatistics>.Instance, TimeSpan.FromMilliseconds(100));
        await statistics.StartAsync(CancellationToken.None);
        try
        {
            // Fewer changes than the threshold: left to autovacuum.
            await Execute(dataSource, BulkLedgerEntries(1, FirstStatistics.Changes / 2));
            await Task.Delay(1500);
            Assert.False(await AnalyzedByHand(dataSource));
            // Without statistics the lookup ties the primary key with the newest-first index, and the planner takes the
            // one that reads every ledger entry of the tenant.
            await Execute(dataSource, BulkLedgerEntries(FirstStatistics.Changes / 2 + 1, 20_000));
            Assert.Contains("insure_records_newest", await Plan(dataSource, lookup));

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!await AnalyzedByHand(dataSource))
            {
                Assert.True(DateTime.UtcNow < deadline, "insure_records was not analyzed after 20,000 changes");
                await Task.Delay(100);
            }
            var plan = await Plan(dataSource, lookup);
            Assert.Contains("insure_records_pkey", plan);
            Assert.DoesNotContain("insure_records_newest", plan);
        }
        finally
        {
            await statistics.StopAsync(CancellationToken.None);
        }
    }

    private static string BulkLedgerEntries(int from, int to) => $"""
        INSERT INTO insure_records (kind, tenant, id, created_at, version, doc)
        SELECT 'ledger_entry', 'org_1/sandbox', 'ltx_' || i, now(), 0, '{"{}"}' FROM generate_series({from}, {to}) AS i
        """;

    /// <summary>Whether insure_records has statistics from an ANALYZE command (autovacuum's would be last_autoanalyze).</summary>
    private static async Task<bool> AnalyzedByHand(NpgsqlDataSource dataSource)
    {
        await Execute(dataSource, "SELECT pg_stat_force_next_flush()");
        return (bool)(await Scalar(dataSource, "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'insure_records'"))!;
    }

    private static async Task<string> Plan(NpgsqlDataSource dataSource, string query) =>
        (string)(await Scalar(dataSource, $"EXPLAIN (FORMAT JSON) {query}"))!;

    private static async Task Execute(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
