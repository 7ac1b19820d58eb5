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
}
