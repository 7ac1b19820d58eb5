using System.Net;
using System.Net.Http.Json;
using System.Text;
using Insure.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Insure.Api.Tests.Infrastructure;
using Npgsql;

namespace Insure.Api.Tests.Postgres;

/// <summary>Agency access tokens in Postgres mode: the signing keys live in grain storage, so every node and every restart shares them.</summary>
public sealed class PostgresAgencyTokenTests
{
    private sealed class PostgresApplication(string connectionString) : InsureApplication(new Dictionary<string, string?>
    {
        ["Insure:Storage"] = "Postgres",
        ["ConnectionStrings:Insure"] = connectionString,
    });

    [Fact]
    public async Task TheSigningKey_IsSharedByEveryNode_AndSurvivesARestart_SealedAtRest()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("agencytokens");
        string token, kid, integrationKey;
        byte[] privateScalar;
        await using (var first = new PostgresApplication(connectionString))
        await using (var second = new PostgresApplication(connectionString))
        {
            using var org = await Distribution.Start(first);
            var agency = await org.Agency("Shared Key Agency", "SK-1");
            (_, integrationKey, _) = await org.Integration([agency]);
            // Both nodes look at the keys before there are any, so each holds an empty copy when the first key is made.
            foreach (var node in new[] { first, second })
            {
                using var anonymous = node.CreateClient();
                Assert.Equal(0, (await (await anonymous.GetAsync("/.well-known/jwks.json")).Json()).GetProperty("keys").GetArrayLength());
            }
            token = await org.Token(integrationKey, new { partnerAgencyId = "SK-1" });
            kid = Distribution.Part(token, 0).GetProperty("kid").GetString()!;
            privateScalar = (await first.Services.GetRequiredService<AgencyTokenKeyRing>().SigningKey()).Key.ExportParameters(true).D!;

            // The other node, finding the key made meanwhile, signs with the same key rather than making its own.
            using var integration = second.CreateClient(integrationKey);
            var made = await (await integration.PostAsJsonAsync("/v1/auth/token", new { partnerAgencyId = "SK-1" })).Json();
            var madeOnSecond = made.GetProperty("bearerToken").GetString()!;
            Assert.Equal(kid, Distribution.Part(madeOnSecond, 0).GetProperty("kid").GetString());
            using var onSecond = second.CreateClient(token);
            Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/v1/submissions")).StatusCode);
            using var back = first.CreateClient(madeOnSecond);
            Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/v1/submissions")).StatusCode);
            using var jwksClient = second.CreateClient();
            var jwks = await (await jwksClient.GetAsync("/.well-known/jwks.json")).Json();
            Assert.Equal([kid], jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!));
        }

        await using var restarted = new PostgresApplication(connectionString);
        using var again = restarted.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/v1/submissions")).StatusCode);
        using var integrationAgain = restarted.CreateClient(integrationKey);
        var fresh = await (await integrationAgain.PostAsJsonAsync("/v1/auth/token", new { partnerAgencyId = "SK-1" })).Json();
        Assert.Equal(kid, Distribution.Part(fresh.GetProperty("bearerToken").GetString()!, 0).GetProperty("kid").GetString());

        // One key set for the deployment, in grain storage; its private key is not stored in the clear (PKCS#8 DER
        // of a P-256 key starts with these bytes).
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT payloadbinary FROM orleansstorage WHERE graintypestring = 'agencyTokenKeys'", connection);
        var stored = new List<byte[]>();
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add((byte[])reader[0]);
            }
        }
        var payload = Assert.Single(stored);
        byte[] pkcs8P256 = [0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
        Assert.Equal(-1, payload.AsSpan().IndexOf(pkcs8P256));
        // Nor the private scalar itself, raw or in either base64 form.
        Assert.Equal(-1, payload.AsSpan().IndexOf(privateScalar));
        foreach (var encoded in new[] { Convert.ToBase64String(privateScalar), Distribution.Base64Url(privateScalar) })
        {
            Assert.Equal(-1, payload.AsSpan().IndexOf(Encoding.ASCII.GetBytes(encoded.TrimEnd('='))));
        }
    }
}
