using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Queries;
using Insure.Grains.Storage.Postgres;
using Npgsql;

namespace Insure.Api.Tests.Postgres;

/// <summary>The behaviour every query store must have; run against both implementations.</summary>
public abstract class QueryStoreContractTests
{
    protected abstract IQueryStore Store { get; }

    /// <summary>The same store, counting list totals up to <paramref name="countLimit"/>.</summary>
    protected abstract IQueryStore WithCountLimit(int countLimit);

    protected static QueryRecord Record(string tenant, string id, DateTimeOffset createdAt, long version = 1, string status = "active", string kind = "thing") =>
        new(kind, tenant, id, createdAt, version, new Dictionary<string, string> { ["status"] = status }, $"{{\"id\":\"{id}\",\"status\":\"{status}\",\"v\":{version}}}");

    protected static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Get_ReturnsTheDocument_OnlyInItsTenant()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Record(tenant, "a", T0)]);
        Assert.Equal("{\"id\":\"a\",\"status\":\"active\",\"v\":1}", await Store.Get("thing", tenant, "a"));
        Assert.Null(await Store.Get("thing", "other-" + tenant, "a"));
        Assert.Null(await Store.Get("other-kind", tenant, "a"));
    }

    [Fact]
    public async Task List_IsNewestFirst_Paged_WithTotal()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert(Enumerable.Range(0, 5).Select(i => Record(tenant, $"id{i}", T0.AddMinutes(i))).ToList());
        var first = await Store.List("thing", tenant, QueryFilter.None, 1, 2);
        var last = await Store.List("thing", tenant, QueryFilter.None, 3, 2);
        var beyond = await Store.List("thing", tenant, QueryFilter.None, 4, 2);
        Assert.Equal(5, first.Total);
        Assert.Equal(["id4", "id3"], first.Documents.Select(Id));
        Assert.Equal(["id0"], last.Documents.Select(Id));
        Assert.Empty(beyond.Documents);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task List_BreaksTimestampTiesById()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Record(tenant, "b", T0), Record(tenant, "c", T0), Record(tenant, "a", T0)]);
        Assert.Equal(["c", "b", "a"], (await Store.List("thing", tenant, QueryFilter.None, 1, 10)).Documents.Select(Id));
    }

    [Fact]
    public async Task List_FiltersOnTagsAndExclusiveTimeRange()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([
            Record(tenant, "a", T0, status: "active"),
            Record(tenant, "b", T0.AddHours(1), status: "revoked"),
            Record(tenant, "c", T0.AddHours(2), status: "active"),
        ]);
        var active = await Store.List("thing", tenant, new QueryFilter(new Dictionary<string, string> { ["status"] = "active" }), 1, 10);
        Assert.Equal(["c", "a"], active.Documents.Select(Id));
        Assert.Equal(2, active.Total);
        var window = await Store.List("thing", tenant, new QueryFilter(null, T0, T0.AddHours(2)), 1, 10);
        Assert.Equal(["b"], window.Documents.Select(Id));
        var none = await Store.List("thing", tenant, new QueryFilter(new Dictionary<string, string> { ["status"] = "gone" }), 1, 10);
        Assert.Empty(none.Documents);
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task List_FiltersOnInclusiveTagRanges()
    {
        var tenant = Guid.NewGuid().ToString();
        QueryRecord Dated(string id, string? date) => new("thing", tenant, id, T0, 1,
            date is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["effectiveDate"] = date }, $"{{\"id\":\"{id}\"}}");
        await Store.Upsert([Dated("a", "2026-01-31"), Dated("b", "2026-02-01"), Dated("c", "2026-02-28"), Dated("d", "2026-03-01"), Dated("e", null)]);

        async Task<IEnumerable<string>> Between(string? from, string? to) =>
            (await Store.List("thing", tenant, new QueryFilter(Ranges: [new TagRange("effectiveDate", from, to)]), 1, 10)).Documents.Select(Id).Order();

        Assert.Equal(["b", "c"], await Between("2026-02-01", "2026-02-28"));
        Assert.Equal(["c", "d"], await Between("2026-02-28", null));
        Assert.Equal(["a"], await Between(null, "2026-01-31"));
        Assert.Equal(["a", "b", "c", "d"], await Between(null, null));
    }

    [Fact]
    public async Task List_SearchesOneTagForText_IgnoringCase_WithTheOtherFilters()
    {
        var tenant = Guid.NewGuid().ToString();
        QueryRecord Named(string id, string? search, string status = "active", int minutes = 0) => new("thing", tenant, id, T0.AddMinutes(minutes), 1,
            search is null ? new Dictionary<string, string> { ["status"] = status } : new Dictionary<string, string> { ["status"] = status, ["search"] = search },
            $"{{\"id\":\"{id}\"}}");
        await Store.Upsert([
            Named("a", "lone star brokers\ndesk@lonestar.example\n1234567", minutes: 0),
            Named("b", "ana alvarez\nana@lonestar.example", status: "suspended", minutes: 1),
            Named("c", "gulf 100% cover_all\n98765", minutes: 2),
            Named("d", null, minutes: 3),
        ]);

        async Task<IEnumerable<string>> Search(string text, string? status = null) =>
            (await Store.List("thing", tenant, new QueryFilter(status is null ? null : new Dictionary<string, string> { ["status"] = status },
                Search: new TagSearch("search", text)), 1, 10)).Documents.Select(Id);

        Assert.Equal(["b", "a"], await Search("LoneStar"));
        Assert.Equal(["b"], await Search("ANA"));
        Assert.Equal(["a"], await Search("lonestar", "active"));
        Assert.Equal(["c", "a"], await Search("7"));
        // The text is matched as it is: no wildcard characters.
        Assert.Equal(["c"], await Search("100%"));
        Assert.Empty(await Search("1_0"));
        Assert.Equal(["c"], await Search("r_a"));
        Assert.Empty(await Search("lone_star"));
        Assert.Empty(await Search("brokers desk"));
        var page = await Store.List("thing", tenant, new QueryFilter(Search: new TagSearch("search", "e")), 2, 1);
        Assert.Equal(["b"], page.Documents.Select(Id));
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task Upsert_ReplacesNewer_AndIgnoresOlderVersions()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Record(tenant, "a", T0, version: 2, status: "revoked")]);
        await Store.Upsert([Record(tenant, "a", T0, version: 1, status: "active")]);
        Assert.Contains("revoked", await Store.Get("thing", tenant, "a"));
        await Store.Upsert([Record(tenant, "a", T0, version: 3, status: "active")]);
        Assert.Contains("\"v\":3", await Store.Get("thing", tenant, "a"));
        Assert.Equal(1, (await Store.List("thing", tenant, QueryFilter.None, 1, 10)).Total);
    }

    [Fact]
    public async Task List_CountsTheTotalOnlyUpToTheLimit_AndSaysWhenItIsCapped()
    {
        var store = WithCountLimit(3);
        var tenant = Guid.NewGuid().ToString();
        await store.Upsert(Enumerable.Range(0, 5).Select(i => Record(tenant, $"id{i}", T0.AddMinutes(i), status: i % 2 == 0 ? "even" : "odd")).ToList());

        var first = await store.List("thing", tenant, QueryFilter.None, 1, 2);
        Assert.Equal(["id4", "id3"], first.Documents.Select(Id));
        Assert.Equal((3, true), (first.Total, first.TotalCapped));
        // Pages past the limit still read correctly (the Api refuses deep pages; the store does not cut them short).
        var last = await store.List("thing", tenant, QueryFilter.None, 2, 3);
        Assert.Equal(["id1", "id0"], last.Documents.Select(Id));
        Assert.Equal((3, true), (last.Total, last.TotalCapped));
        var beyond = await store.List("thing", tenant, QueryFilter.None, 3, 3);
        Assert.Empty(beyond.Documents);
        Assert.Equal((3, true), (beyond.Total, beyond.TotalCapped));

        var exactly = await store.List("thing", tenant, new QueryFilter(new Dictionary<string, string> { ["status"] = "even" }), 1, 2);
        Assert.Equal(["id4", "id2"], exactly.Documents.Select(Id));
        Assert.Equal((3, false), (exactly.Total, exactly.TotalCapped));
        var fewer = await store.List("thing", tenant, new QueryFilter(new Dictionary<string, string> { ["status"] = "odd" }), 1, 1);
        Assert.Equal((2, false), (fewer.Total, fewer.TotalCapped));
    }

    [Fact]
    public async Task Any_TellsWhetherAKindHasRecords()
    {
        var kind = "k" + Guid.NewGuid().ToString("N");
        Assert.False(await Store.Any(kind));
        await Store.Upsert([Record("t", "a", T0, kind: kind)]);
        Assert.True(await Store.Any(kind));
    }

    protected static QueryRecord Contributing(string tenant, string id, long version, string key, decimal paid, decimal open = 1) =>
        Record(tenant, id, T0, version) with
        {
            Contribution = new QueryContribution("totals", key, new Dictionary<string, decimal> { ["count"] = 1, ["open"] = open, ["paid"] = paid }),
        };

    private async Task<IReadOnlyDictionary<string, decimal>?> TotalsOf(string tenant, string key) =>
        (await Store.Totals("totals", tenant, [key])).GetValueOrDefault(key);

    [Fact]
    public async Task Totals_SumTheContributionsOfTheCurrentRecords()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Contributing(tenant, "a", 1, "pol_1", 100.10m), Contributing(tenant, "b", 1, "pol_1", 0.05m), Contributing(tenant, "c", 1, "pol_2", 7m)]);
        // Record a changes: its old amounts leave the total and its new ones join it.
        await Store.Upsert([Contributing(tenant, "a", 2, "pol_1", 250m, open: 0)]);

        var totals = await Store.Totals("totals", tenant, ["pol_1", "pol_2", "pol_none"]);
        Assert.Equal(new Dictionary<string, decimal> { ["count"] = 2, ["open"] = 1, ["paid"] = 250.05m }, totals["pol_1"]);
        Assert.Equal(new Dictionary<string, decimal> { ["count"] = 1, ["open"] = 1, ["paid"] = 7m }, totals["pol_2"]);
        Assert.False(totals.ContainsKey("pol_none"));
        Assert.Empty(await Store.Totals("totals", "other-" + tenant, ["pol_1"]));
        Assert.Empty(await Store.Totals("totals", tenant, []));
    }

    [Fact]
    public async Task Totals_CountARecordOnce_HoweverOftenItIsWritten_AndNeverFromAnOlderVersion()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Contributing(tenant, "a", 2, "pol_1", 40m)]);
        // The same version again (a retried dispatch) and an older one arriving late change nothing.
        await Store.Upsert([Contributing(tenant, "a", 2, "pol_1", 40m)]);
        await Store.Upsert([Contributing(tenant, "a", 1, "pol_1", 10m)]);
        Assert.Equal(40m, (await TotalsOf(tenant, "pol_1"))!["paid"]);
        Assert.Equal(1m, (await TotalsOf(tenant, "pol_1"))!["count"]);
    }

    [Fact]
    public async Task Totals_StayExact_UnderConcurrentWritesOfManyRecords()
    {
        var tenant = Guid.NewGuid().ToString();
        // 20 records, each written in versions 1..5 by racing writers, some versions twice and out of order.
        var writes = Enumerable.Range(0, 20).SelectMany(r => new[] { 3, 1, 5, 2, 5, 4 }.Select(v => Contributing(tenant, $"r{r}", v, "pol_1", v * 1.01m)))
            .OrderBy(_ => Random.Shared.Next()).ToList();
        await Parallel.ForEachAsync(writes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) => await Store.Upsert([w], ct));

        var totals = await TotalsOf(tenant, "pol_1");
        Assert.Equal(20m, totals!["count"]);
        Assert.Equal(20 * 5.05m, totals["paid"]);
    }

    [Fact]
    public async Task Totals_MoveWhenARecordContributesToAnotherKey()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Contributing(tenant, "a", 1, "pol_1", 5m)]);
        await Store.Upsert([Contributing(tenant, "a", 2, "pol_2", 6m)]);
        Assert.Equal((0m, 0m), ((await TotalsOf(tenant, "pol_1"))!["count"], (await TotalsOf(tenant, "pol_1"))!["paid"]));
        Assert.Equal((1m, 6m), ((await TotalsOf(tenant, "pol_2"))!["count"], (await TotalsOf(tenant, "pol_2"))!["paid"]));
    }

    protected static QueryRecord Event(string tenant, string id, string note = "first") =>
        new(QueryKinds.Event, tenant, id, T0, 0, new Dictionary<string, string> { ["type"] = "thing.happened" }, $"{{\"id\":\"{id}\",\"note\":\"{note}\"}}");

    private Task<IReadOnlyList<LoggedEvent>> WholeLog(string tenant, int expected = 0) =>
        EventLogs.ReadOnceItShows(Store, tenant, expected);

    [Fact]
    public async Task ReadLog_ListsOnlyTheTenantsEvents_InTheOrderTheyWereWritten()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Event(tenant, "evt_b"), Record(tenant, "a", T0, kind: "thing"), Event(tenant, "evt_a")]);
        await Store.Upsert([Event(tenant, "evt_c")]);

        var log = await WholeLog(tenant, 3);
        Assert.Equal(["evt_b", "evt_a", "evt_c"], log.Select(e => e.Id));
        Assert.True(log[0].Position > 0);
        Assert.True(log[0].Position < log[1].Position && log[1].Position < log[2].Position);
        Assert.Equal("{\"id\":\"evt_c\",\"note\":\"first\"}", log[2].Document);
        Assert.Empty(await Store.ReadLog("other-" + tenant, 0, 10));
    }

    [Fact]
    public async Task ReadLog_ListsARepeatedEventOnce_AtItsFirstPosition_AndTheRepeatChangesNothing()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([Event(tenant, "evt_1"), Event(tenant, "evt_2")]);
        var before = await WholeLog(tenant, 2);

        // At-least-once dispatch writes an event again, maybe much later; a different payload must not replace it.
        await Store.Upsert([Event(tenant, "evt_1", note: "again"), Event(tenant, "evt_3")]);
        await Store.Upsert([Event(tenant, "evt_1", note: "again"), Event(tenant, "evt_2", note: "again")]);

        var log = await WholeLog(tenant, 3);
        Assert.Equal(["evt_1", "evt_2", "evt_3"], log.Select(e => e.Id));
        Assert.Equal(before, log.Take(2));
        Assert.Contains("\"first\"", await Store.Get(QueryKinds.Event, tenant, "evt_1"));
        Assert.Equal(3, (await Store.List(QueryKinds.Event, tenant, QueryFilter.None, 1, 10)).Total);
        Assert.Equal(log[2].Position, await Store.LogHead(tenant));
    }

    [Fact]
    public async Task ReadLog_PagesFromTheCursor_UpToTheLimit()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert(Enumerable.Range(0, 5).Select(i => Event(tenant, $"evt_{i}")).ToList());
        var positions = (await WholeLog(tenant, 5)).Select(e => e.Position).ToList();

        var pages = new List<string[]>();
        var cursor = 0L;
        while (await Store.ReadLog(tenant, cursor, 2) is { Count: > 0 } page)
        {
            pages.Add(page.Select(e => e.Id).ToArray());
            cursor = page[^1].Position;
        }
        Assert.Equal([["evt_0", "evt_1"], ["evt_2", "evt_3"], ["evt_4"]], pages);
        Assert.Equal(["evt_3", "evt_4"], (await Store.ReadLog(tenant, positions[2], 10)).Select(e => e.Id));
        // A cursor between two positions (the log may have gaps) starts at the next one.
        Assert.Equal(["evt_2"], (await Store.ReadLog(tenant, positions[2] - 1, 1)).Select(e => e.Id));
        Assert.Empty(await Store.ReadLog(tenant, positions[4], 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ReadLog(tenant, 0, 0));
    }

    [Fact]
    public async Task OneCallGivingARecordOrAnEventMoreThanOnce_EndsAsIfEachWereWrittenInTurn()
    {
        var tenant = Guid.NewGuid().ToString();
        await Store.Upsert([
            Record(tenant, "a", T0, version: 2, status: "second"), Event(tenant, "evt_1"), Record(tenant, "a", T0, version: 1, status: "older"),
            Record(tenant, "b", T0, version: 1, status: "one"), Event(tenant, "evt_2"), Record(tenant, "a", T0, version: 2, status: "second-again"),
            Event(tenant, "evt_1", note: "again"), Record(tenant, "b", T0, version: 1, status: "one-again"),
            Record(tenant, "c", T0, version: 2, status: "newest"), Record(tenant, "c", T0, version: 1, status: "stale"),
        ]);

        Assert.Contains("\"second-again\"", await Store.Get("thing", tenant, "a"));
        Assert.Contains("\"one-again\"", await Store.Get("thing", tenant, "b"));
        Assert.Contains("\"newest\"", await Store.Get("thing", tenant, "c"));
        var log = await WholeLog(tenant, 2);
        Assert.Equal(["evt_1", "evt_2"], log.Select(e => e.Id));
        Assert.Contains("\"first\"", log[0].Document);
    }

    [Fact]
    public async Task LogHead_IsTheTenantsHighestPosition_OrZero()
    {
        var tenant = Guid.NewGuid().ToString();
        var other = "other-" + tenant;
        Assert.Equal(0, await Store.LogHead(tenant));
        await Store.Upsert([Event(tenant, "evt_1"), Event(tenant, "evt_2"), Record(tenant, "a", T0)]);
        await Store.Upsert([Event(other, "evt_1")]);

        var log = await WholeLog(tenant, 2);
        Assert.Equal(log[^1].Position, await Store.LogHead(tenant));
        Assert.Equal((await WholeLog(other, 1)).Single().Position, await Store.LogHead(other));
        Assert.Equal(["evt_1", "evt_2"], log.Select(e => e.Id));
        Assert.Equal(0, await Store.LogHead("none-" + tenant));
    }

    [Fact]
    public async Task Upsert_RefusesAnEventThatContributesToTotals_AndWritesNothing()
    {
        var tenant = Guid.NewGuid().ToString();
        var contributing = Event(tenant, "evt_1") with { Contribution = new QueryContribution("totals", "pol_1", new Dictionary<string, decimal> { ["count"] = 1 }) };
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Upsert([Record(tenant, "a", T0), contributing]));
        Assert.Null(await Store.Get("thing", tenant, "a"));
        Assert.Empty(await WholeLog(tenant));
    }

    [Fact]
    public async Task ReadLog_WithAMovingCursor_SeesEveryEventOnce_WhileWritersRace()
    {
        var tenant = Guid.NewGuid().ToString();
        var other = "other-" + tenant;
        const int writers = 4, batches = 40, eventsPerBatch = 4;
        string EventId(int w, int b, int e) => $"evt_{w}_{b}_{e}";
        // Each batch moves a policy's totals (so the totals locks are taken too), writes its own events, one event of the
        // tenant's neighbour and, as at-least-once dispatch would, an event another writer writes at about the same time.
        List<QueryRecord> Batch(int w, int b) =>
        [
            Contributing(tenant, $"claim_{w}_{b}", 1, $"pol_{b % 3}", 1m),
            .. Enumerable.Range(0, eventsPerBatch).Select(e => Event(tenant, EventId(w, b, e))),
            Event(other, EventId(w, b, 0)),
            Event(tenant, EventId((w + 1) % writers, b, 0)),
        ];

        var seen = new List<LoggedEvent>();
        var reading = new TaskCompletionSource();
        var written = 0;
        var reader = Task.Run(async () =>
        {
            var cursor = 0L;
            DateTime? doneAt = null;
            while (true)
            {
                var done = Volatile.Read(ref written) == writers;
                var page = await Store.ReadLog(tenant, cursor, 7);
                reading.TrySetResult();
                seen.AddRange(page);
                cursor = page.Count > 0 ? page[^1].Position : cursor;
                // Once every write is in, the log may still hold events back while an older transaction runs (another
                // test's, on the same server): read on until all have come, or for 30 s, after which the assertions say
                // what is missing.
                doneAt ??= done ? DateTime.UtcNow : null;
                if (doneAt is { } since && page.Count == 0
                    && (seen.Count >= writers * batches * eventsPerBatch || DateTime.UtcNow - since > TimeSpan.FromSeconds(30)))
                {
                    return;
                }
            }
        });
        await reading.Task;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                await Store.Upsert(Batch(w, b));
            }
            Interlocked.Increment(ref written);
        })));
        await reader;

        var expected = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, batches).SelectMany(b => Enumerable.Range(0, eventsPerBatch).Select(e => EventId(w, b, e))));
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(seen.Select(e => e.Position).Order(), seen.Select(e => e.Position));
        Assert.Equal(writers * batches, (await WholeLog(other, writers * batches)).Count);
        var totals = await Store.Totals("totals", tenant, ["pol_0", "pol_1", "pol_2"]);
        Assert.Equal(writers * batches, totals.Values.Sum(t => t["count"]));
    }

    private static string Id(string document) => System.Text.Json.JsonDocument.Parse(document).RootElement.GetProperty("id").GetString()!;
}

public sealed class MemoryQueryStoreTests : QueryStoreContractTests
{
    protected override IQueryStore Store { get; } = new MemoryQueryStore();

    protected override IQueryStore WithCountLimit(int countLimit) => new MemoryQueryStore(countLimit);
}

public sealed class PostgresQueryStoreTests : QueryStoreContractTests, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private IQueryStore _store = null!;

    protected override IQueryStore Store => _store;

    protected override IQueryStore WithCountLimit(int countLimit) => new PostgresQueryStore(_dataSource, countLimit);

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(PostgresServer.Instance.CreateDatabase("queries"));
        await PostgresSchema.Apply(_dataSource);
        _store = new PostgresQueryStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    /// <summary>
    /// Holds the totals lock the first write needs (from another session), so it waits on the server while ten more
    /// calls arrive; returns the first write's task, the ten calls' tasks and the lock's connection to release.
    /// </summary>
    private async Task<(Task First, Task[] Queued, NpgsqlConnection Holder)> TenCallsQueuedBehindABlockedWrite(string tenant, Func<int, List<QueryRecord>> call)
    {
        var holder = await _dataSource.OpenConnectionAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", holder))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = $"totals/{tenant}/pol_1" });
            await lockCommand.ExecuteNonQueryAsync();
        }
        var first = _store.Upsert([Contributing(tenant, "blocked", 1, "pol_1", 1m), Event(tenant, "evt_first")]);
        // Until the server shows the first write waiting for the lock: the calls below then cannot join it.
        await using (var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", holder))
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while ((long)(await waiting.ExecuteScalarAsync())! == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the first write never waited for the lock");
                await Task.Delay(20);
            }
        }
        Assert.False(first.IsCompleted);
        var queued = Enumerable.Range(0, 10).Select(i => _store.Upsert(call(i))).ToArray();
        await Task.Delay(100);
        return (first, queued, holder);
    }

    private static async Task Release(NpgsqlConnection holder)
    {
        await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", holder))
        {
            await unlock.ExecuteNonQueryAsync();
        }
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task CallsArrivingWhileAWriteRuns_GoToTheServerTogether_InOneTransaction_InTheirOrder()
    {
        var tenant = Guid.NewGuid().ToString();
        var (first, queued, holder) = await TenCallsQueuedBehindABlockedWrite(tenant, i => [Record(tenant, $"r{i}", T0), Event(tenant, $"evt_{i:00}")]);
        Assert.DoesNotContain(queued, t => t.IsCompleted);
        await Release(holder);
        await first;
        await Task.WhenAll(queued);

        var log = await EventLogs.ReadOnceItShows(_store, tenant, 11);
        Assert.Equal(["evt_first", .. Enumerable.Range(0, 10).Select(i => $"evt_{i:00}")], log.Select(e => e.Id));
        // A position is the writing transaction's id shifted left 20 bits, plus the event's place in its batch.
        var transactions = log.Skip(1).Select(e => e.Position >> 20).Distinct().ToList();
        Assert.Single(transactions);
        Assert.NotEqual(log[0].Position >> 20, transactions[0]);
        for (var i = 0; i < 10; i++)
        {
            Assert.NotNull(await _store.Get("thing", tenant, $"r{i}"));
        }
    }

    [Fact]
    public async Task AMergedWriteWhoseSessionTheServerEnds_FailsEveryCallerInIt_AtOnce()
    {
        var tenant = Guid.NewGuid().ToString();
        // The queued calls all move pol_2's totals: with that lock held too, their merged write waits on the server.
        var other = await _dataSource.OpenConnectionAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", other))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = $"totals/{tenant}/pol_2" });
            await lockCommand.ExecuteNonQueryAsync();
        }
        var (first, queued, holder) = await TenCallsQueuedBehindABlockedWrite(tenant, i => [Contributing(tenant, $"c{i}", 1, "pol_2", 1m), Event(tenant, $"evt_{i:00}")]);
        await Release(holder);
        await first;

        await using (var waiting = new NpgsqlCommand(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", other))
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            object? pid;
            while ((pid = await waiting.ExecuteScalarAsync()) is null or DBNull)
            {
                Assert.True(DateTime.UtcNow < deadline, "the merged write never waited for the lock");
                await Task.Delay(20);
            }
            await using var end = new NpgsqlCommand("SELECT pg_terminate_backend($1)", other);
            end.Parameters.Add(new NpgsqlParameter { Value = pid });
            await end.ExecuteNonQueryAsync();
        }

        // One failure for the whole group: written alone, each call would have waited for the lock and then succeeded.
        var failures = await Task.WhenAll(queued.Select(call => Assert.ThrowsAnyAsync<Exception>(() => call))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(failures.Distinct());
        await Release(other);
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(await _store.Get("thing", tenant, $"c{i}"));
        }
    }

    [Fact]
    public async Task ACallWhoseRecordsTheServerRefuses_FailsAlone_AndTheCallsMergedWithItAreWritten()
    {
        var tenant = Guid.NewGuid().ToString();
        // A NUL character is not storable in a text column: the server refuses the statement, and with it the transaction.
        var (first, queued, holder) = await TenCallsQueuedBehindABlockedWrite(tenant, i =>
            [Record(tenant, $"r{i}", T0) with { Document = i == 4 ? "{\"id\":\"bad\u0000\"}" : $"{{\"id\":\"r{i}\"}}" }, Event(tenant, $"evt_{i:00}")]);
        await Release(holder);
        await first;

        var refused = await Assert.ThrowsAsync<PostgresException>(() => queued[4]);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, refused.SqlState);
        await Task.WhenAll(queued.Where((_, i) => i != 4));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i != 4, await _store.Get("thing", tenant, $"r{i}") is not null);
        }
        var log = await EventLogs.ReadOnceItShows(_store, tenant, 10);
        Assert.Equal(["evt_first", .. Enumerable.Range(0, 10).Where(i => i != 4).Select(i => $"evt_{i:00}")], log.Select(e => e.Id));
    }
}
