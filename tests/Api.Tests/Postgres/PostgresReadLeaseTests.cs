using System.Net;
using Insure.Api.Infrastructure;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Api.Tests.Postgres;

/// <summary>
/// Read leases across two nodes of one cluster: a change made through one node ends the other node's copy before it
/// answers, so the other node's next read shows it, though its lease had seconds left.
/// </summary>
public sealed class PostgresReadLeaseTests
{
    /// <summary>A node (an Api with its silo) of the cluster <paramref name="clusterId"/>.</summary>
    private sealed class Node(string connectionString, string clusterId) : InsureApplication(new Dictionary<string, string?>
    {
        ["Insure:Storage"] = "Postgres",
        ["ConnectionStrings:Insure"] = connectionString,
        ["Insure:Orleans:ClusterId"] = clusterId,
        ["Insure:Orleans:ReadLease"] = "00:00:04",
    });

    [Fact]
    public async Task AQuoteThroughOneNode_EndsTheOtherNodesCopy_BeforeItAnswers()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("readleases");
        var clusterId = "readleases-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = new Node(connectionString, clusterId);
        await using var second = new Node(connectionString, clusterId);
        var (orgId, key) = await first.CreateOrganization("Two Node Reads");
        using var onFirst = first.CreateClient(key);
        using var onSecond = second.CreateClient(key);
        var id = await DealRoomSetup.Submission(onFirst, first.TodayOf(onFirst));
        var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubmissionGrain>(new Tenant(orgId, Tenant.Sandbox).KeyFor(id)).GetGrainId();

        for (var round = 0; round < 3; round++)
        {
            // Both nodes hold a copy; one changes the submission; the other's copy is gone when the change answers.
            var (reader, writer) = round % 2 == 0 ? (first, onSecond) : (second, onFirst);
            using var readerClient = reader.CreateClient(key);
            Assert.Equal(HttpStatusCode.OK, (await readerClient.GetAsync($"/v1/submissions/{id}")).StatusCode);
            Assert.True(reader.Services.GetRequiredService<ReadLeaseCache>().Holds(grain), $"round {round}: no copy after a read");
            var quote = await writer.PostAsync($"/v1/submissions/{id}/quote", null);
            Assert.Equal(HttpStatusCode.Created, quote.StatusCode);
            var quoteId = (await quote.Json()).GetProperty("id").GetString();
            Assert.False(reader.Services.GetRequiredService<ReadLeaseCache>().Holds(grain), $"round {round}: the copy outlived the quote");
            var after = await (await readerClient.GetAsync($"/v1/submissions/{id}")).Json();
            Assert.Equal("quoted", after.GetProperty("status").GetString());
            Assert.Equal(quoteId, after.GetProperty("quote").GetProperty("id").GetString());
        }
    }
}
