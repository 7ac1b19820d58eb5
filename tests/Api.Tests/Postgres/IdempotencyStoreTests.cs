using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Insure.Grains.Idempotency;
using Insure.Grains.Storage.Postgres;
using Npgsql;

namespace Insure.Api.Tests.Postgres;

/// <summary>The Postgres idempotency store keeps what the grain relies on: a response, an uncertain mark and its anchor.</summary>
public sealed class IdempotencyStoreTests
{
    [Fact]
    public async Task Records_RoundTrip_WithTheirAnchor_AndAnUncertainMarkIsReplacedByTheResponse()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresServer.Instance.CreateDatabase("idem"));
        await PostgresSchema.Apply(dataSource);
        var store = new PostgresIdempotencyStore(dataSource);
        var expires = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        const string anchor = "req_01KAAAAAAAAAAAAAAAAAAAAAAA";

        var uncertain = new IdempotencyRecord("fp", new StoredResponse(0, null, [], null), expires, anchor);
        await store.Save("org_1/sandbox/key_1/k", uncertain);
        var found = await store.Find("org_1/sandbox/key_1/k");
        Assert.NotNull(found);
        Assert.Equal((true, anchor, "fp", expires), (found.IsUncertain, found.Anchor, found.Fingerprint, found.ExpiresAt));

        var answered = new IdempotencyRecord("fp", new StoredResponse(201, "application/json", [1, 2, 3], "/v1/x"), expires.AddHours(1), anchor);
        await store.Save("org_1/sandbox/key_1/k", answered);
        found = await store.Find("org_1/sandbox/key_1/k");
        Assert.Equal((false, anchor, 201, "/v1/x"), (found!.IsUncertain, found.Anchor, found.Response.StatusCode, found.Response.Location));
        Assert.Equal([1, 2, 3], found.Response.Body);
        Assert.Null((await store.Find("org_1/sandbox/key_1/other")));
    }
}
