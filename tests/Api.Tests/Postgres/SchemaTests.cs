using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Storage.Postgres;
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
