using Insure.Api.Tests.Features;
using Insure.Api.Tests.Infrastructure;
using Npgsql;

namespace Insure.Api.Tests.Postgres;

/// <summary>Claim attachments in Postgres mode: the bytes live in insure_blobs, so every Api node serves them.</summary>
public sealed class PostgresAttachmentsTests
{
    private sealed class PostgresApplication(string connectionString) : InsureApplication(new Dictionary<string, string?>
    {
        ["Insure:Storage"] = "Postgres",
        ["ConnectionStrings:Insure"] = connectionString,
    });

    [Fact]
    public async Task AFiveMebibyteFile_RoundTrips_ThroughAnotherNode()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("attachments");
        await using var first = new PostgresApplication(connectionString);
        var (client, claimId) = await ClaimAttachmentsTests.FiledClaim(first);
        var bytes = ClaimAttachmentsTests.RandomBytes(5 * 1024 * 1024);
        var attachment = await ClaimAttachmentsTests.Upload(client, claimId, bytes, "survey.pdf");
        var id = attachment.GetProperty("id").GetString()!;
        Assert.Equal(ClaimAttachmentsTests.Sha256(bytes), attachment.GetProperty("sha256").GetString());

        Assert.Equal(bytes, await client.GetByteArrayAsync($"/v1/claims/{claimId}/attachments/{id}"));
        await using var second = new PostgresApplication(connectionString);
        using var other = second.CreateClient(client.DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.Equal(bytes, await other.GetByteArrayAsync($"/v1/claims/{claimId}/attachments/{id}"));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var row = new NpgsqlCommand("SELECT size, sha256, length(content) FROM insure_blobs WHERE id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = id } },
        };
        await using var reader = await row.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((5L * 1024 * 1024, ClaimAttachmentsTests.Sha256(bytes), 5 * 1024 * 1024), (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)));
    }
}
