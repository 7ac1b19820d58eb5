using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Npgsql;

namespace Insure.Api.Tests.Postgres;

/// <summary>The Api with its embedded silo on PostgreSQL: grain state, reminders and queries in real tables.</summary>
public sealed class PostgresModeTests
{
    private sealed class PostgresApplication(string connectionString, IDictionary<string, string?>? settings = null, bool seedPlayground = false)
        : InsureApplication(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Insure:Storage"] = "Postgres",
            ["ConnectionStrings:Insure"] = connectionString,
            ["Insure:SeedPlayground"] = seedPlayground ? "true" : "false",
        });

    [Fact]
    public async Task TheKeySigningSecret_IsGeneratedOnce_AndSharedByEveryApiNodeOnTheDatabase()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("signing");
        await using var first = new PostgresApplication(connectionString);
        await using var second = new PostgresApplication(connectionString);
        var (_, key) = await first.CreateOrganization();
        using var one = first.CreateClient(key);
        using var other = second.CreateClient(key);
        var created = await (await other.PostAsJsonAsync("/v1/api-keys", new { name = "made on the other node", scopes = new[] { "*" } })).Json();
        using var back = first.CreateClient(created.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await one.GetAsync("/v1/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/v1/events")).StatusCode);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM insure_secrets WHERE name = 'api_key_signing' AND length(value) = 32", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AKeyRevokedThroughOneNode_IsRefusedByAnotherAtOnce_ThoughThatNodeHadItsCheckInMemory()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("revocation");
        // Two nodes of one cluster.
        var cluster = new Dictionary<string, string?> { ["Insure:Orleans:ClusterId"] = "revocation-" + Guid.NewGuid().ToString("N")[..8] };
        await using var first = new PostgresApplication(connectionString, cluster);
        await using var second = new PostgresApplication(connectionString, cluster);
        var (_, key) = await first.CreateOrganization();
        using var one = first.CreateClient(key);
        var created = await (await one.PostAsJsonAsync("/v1/api-keys", new { name = "revoked soon", scopes = new[] { "*" } })).Json();
        var presented = created.GetProperty("key").GetString()!;
        using var other = second.CreateClient(presented);

        // The second node checks the key once and then answers from its memory of that check.
        var remembered = second.Service<Insure.Api.Infrastructure.CheckedCredentials>();
        Assert.True(ApiKeyFormat.TryParse(presented, out var tenant, out var keyId));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/events")).StatusCode);
        }
        while (!remembered.Holds(tenant.KeyFor(keyId)) && DateTime.UtcNow < deadline);
        Assert.True(remembered.Holds(tenant.KeyFor(keyId)), "the second node never remembered the key");

        Assert.Equal(HttpStatusCode.NoContent, (await one.DeleteAsync($"/v1/api-keys/{created.GetProperty("id").GetString()}")).StatusCode);
        await (await other.GetAsync("/v1/events")).AssertError(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ThePlayground_IsNotSeeded_OnADurableStore()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("noplayground");
        await using var app = new PostgresApplication(connectionString, seedPlayground: true);
        using var admin = app.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health/ready")).StatusCode);

        var playground = app.Service<Insure.Api.Hosting.PlaygroundInfo>();
        await playground.Settled.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(playground.Organization);
        Assert.Equal(0, (await (await admin.GetAsync("/v1/admin/organizations")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task StateWrittenBeforeARestart_IsReadBackAfterIt()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("restart");
        string key, keyId, eventId;
        await using (var first = new PostgresApplication(connectionString))
        {
            (_, key) = await first.CreateOrganization("Durable Ltd");
            using var client = first.CreateClient(key);
            var created = await (await client.PostAsJsonAsync("/v1/api-keys", new { name = "kept", scopes = new[] { "events:read" } })).Json();
            keyId = created.GetProperty("id").GetString()!;
            eventId = (await (await client.GetAsync("/v1/events?type=api_key.created")).Json()).GetProperty("data")[0].GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }

        await using var second = new PostgresApplication(connectionString);
        using var again = second.CreateClient(key);
        var fetched = await again.GetAsync($"/v1/api-keys/{keyId}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("kept", (await fetched.Json()).GetProperty("name").GetString());
        Assert.Equal(2, (await (await again.GetAsync("/v1/api-keys")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/v1/events/{eventId}")).StatusCode);
    }

    [Fact]
    public async Task Readiness_Turns503_WhenTheQueryTablesAreUnreachable()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("unready");
        await using var app = new PostgresApplication(connectionString);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await Sql(connectionString, "ALTER TABLE insure_records RENAME TO insure_records_away");
        try
        {
            // Each node keeps a probe's answer for a second.
            var body = await (await ReadinessPoll.Until(client, HttpStatusCode.ServiceUnavailable)).AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.Equal("queryStore", body.GetProperty("details").GetProperty("check").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await Sql(connectionString, "ALTER TABLE insure_records_away RENAME TO insure_records");
        }
        await ReadinessPoll.Until(client, HttpStatusCode.OK);
    }

    private static async Task Sql(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task AuthenticatedReads_WriteNothingToGrainStorage()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("nowrite");
        await using var app = new PostgresApplication(connectionString);
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var keyId = (await (await client.GetAsync("/v1/api-keys")).Json()).GetProperty("data")[0].GetProperty("id").GetString();

        var before = await StorageWrites(connectionString);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/api-keys/{keyId}")).StatusCode);
        }
        Assert.Equal(before, await StorageWrites(connectionString));
    }

    [Fact]
    public async Task IdempotentResponses_AreStoredSealed_AndSweptByOneReminderForTheCluster()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("idempotency");
        await using var app = new PostgresApplication(connectionString);
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        var body = new { name = "once", scopes = new[] { "*" } };
        var first = await client.PostJson("/v1/api-keys", body, "pg-once");
        var second = await client.PostJson("/v1/api-keys", body, "pg-once");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/v1/api-keys", new { name = "other", scopes = new[] { "*" } }, "pg-other")).StatusCode);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        async Task<long> Count(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        // No reminder (nor grain state) per key: one sweep reminder for the whole cluster, registered at start-up.
        Assert.Equal(0L, await Count("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE 'idempotency/%'"));
        Assert.Equal(1L, await Count("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE 'idempotencysweep/%' AND remindername = 'sweep'"));
        Assert.Equal(0L, await Count("SELECT count(*) FROM orleansstorage WHERE graintypestring = 'idempotency'"));
        Assert.Equal(2L, await Count("SELECT count(*) FROM insure_idempotency"));

        await using (var stored = new NpgsqlCommand("SELECT body FROM insure_idempotency WHERE key LIKE '%/pg-once'", connection))
        {
            var payload = (byte[])(await stored.ExecuteScalarAsync())!;
            // The response showed the new key's secret once; at rest it is sealed with a key derived from the caller's own.
            var secret = System.Text.Json.JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
            Assert.False(System.Text.Encoding.UTF8.GetString(payload).Contains(secret, StringComparison.Ordinal));
            Assert.False(System.Text.Encoding.UTF8.GetString(payload).Contains("\"name\":\"once\"", StringComparison.Ordinal));
        }

        // The sweep the reminder runs, triggered directly: nothing has expired yet, then both records have.
        var sweeper = app.Service<Orleans.IGrainFactory>().GetGrain<Insure.Grains.IIdempotencySweepGrain>(0);
        Assert.Equal(0, await sweeper.Sweep());
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.Equal(2, await sweeper.Sweep());
        Assert.Equal(0L, await Count("SELECT count(*) FROM insure_idempotency"));

        var fresh = await client.PostJson("/v1/api-keys", body, "pg-once");
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1L, await Count("SELECT count(*) FROM insure_idempotency"));
    }

    [Fact]
    public async Task Lists_CountTheirTotalOnlyUpToTheBound_OnPostgres()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("bounded");
        await using var app = new PostgresApplication(connectionString, new Dictionary<string, string?> { ["Insure:Lists:MaxOffset"] = "4" });
        var (_, key) = await app.CreateOrganization();
        using var client = app.CreateClient(key);
        for (var i = 0; i < 6; i++)
        {
            app.ClockOf(client).Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = $"Co {i}" })).StatusCode);
        }
        var first = await (await client.GetAsync("/v1/policyholders?page_size=2")).Json();
        Assert.Equal(4, first.GetProperty("total").GetInt32());
        Assert.True(first.GetProperty("totalCapped").GetBoolean());
        var deepest = await (await client.GetAsync("/v1/policyholders?page=3&page_size=2")).Json();
        Assert.Equal(["Co 1", "Co 0"], deepest.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(4, deepest.GetProperty("total").GetInt32());
        await (await client.GetAsync("/v1/policyholders?page=2&page_size=5")).AssertError(HttpStatusCode.BadRequest, "validation_failed");
        var filtered = await (await client.GetAsync("/v1/policyholders?type=individual")).Json();
        Assert.Equal(0, filtered.GetProperty("total").GetInt32());
        Assert.False(filtered.GetProperty("totalCapped").GetBoolean());
    }

    [Fact]
    public async Task SubmitQuoteBind_OnPostgres_AndPolicyNumbersContinueAfterARestart()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("bind");
        var submission = new
        {
            insuredName = "Durable Diner",
            naicsCode = "722511",
            annualRevenue = 1_200_000,
            requestedLimit = 1_000_000,
            effectiveDate = "2026-06-01",
            state = "FL",
            lineOfBusiness = "GL",
        };
        async Task<System.Text.Json.JsonElement> Bind(HttpClient client)
        {
            var id = (await (await client.PostAsJsonAsync("/v1/submissions", submission)).Json()).GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
            var bound = await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "QUARTERLY" });
            Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
            return await bound.Json();
        }

        string key, firstId;
        await using (var first = new PostgresApplication(connectionString))
        {
            (_, key) = await first.CreateOrganization();
            using var client = first.CreateClient(key);
            var policy = await Bind(client);
            firstId = policy.GetProperty("id").GetString()!;
            Assert.Equal("GL-2026-000001", policy.GetProperty("policyNumber").GetString());
            Assert.Equal(1, (await (await client.GetAsync("/v1/policies?lineOfBusiness=GL&effectiveAfter=2026-06-01")).Json()).GetProperty("total").GetInt32());
        }

        await using var second = new PostgresApplication(connectionString);
        using var again = second.CreateClient(key);
        var kept = await (await again.GetAsync($"/v1/policies/{firstId}")).Json();
        Assert.Equal("GL-2026-000001", kept.GetProperty("policyNumber").GetString());
        Assert.Equal(4, kept.GetProperty("installments").GetArrayLength());
        Assert.Equal("GL-2026-000002", (await Bind(again)).GetProperty("policyNumber").GetString());
        Assert.Equal(2, (await (await again.GetAsync("/v1/policies")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PolicyLifecycle_OnPostgres_SurvivesARestart_WithItsReminder()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("lifecycle");
        string key, policyId;
        await using (var first = new PostgresApplication(connectionString))
        {
            (_, key) = await first.CreateOrganization();
            using var client = first.CreateClient(key);
            var today = DateOnly.FromDateTime(first.ClockOf(client).GetUtcNow().UtcDateTime);
            var id = (await (await client.PostAsJsonAsync("/v1/submissions", new
            {
                insuredName = "Restart Roofers", naicsCode = "541330", annualRevenue = 2_000_000, requestedLimit = 1_000_000,
                effectiveDate = today.ToString("yyyy-MM-dd"), state = "NY", lineOfBusiness = "GL",
            })).Json()).GetProperty("id").GetString();
            await client.PostAsync($"/v1/submissions/{id}/quote", null);
            policyId = (await (await client.PostAsJsonAsync($"/v1/submissions/{id}/bind", new { installmentPlan = "TWO_PAY" })).Json()).GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/policies/{policyId}/endorse", new
            {
                effectiveDate = today.AddDays(10).ToString("yyyy-MM-dd"), changes = new { requestedLimit = 2_000_000 }, reason = "lease",
            })).StatusCode);
            var cancelled = await (await client.PostAsJsonAsync($"/v1/policies/{policyId}/cancel", new
            {
                effectiveDate = today.AddDays(40).ToString("yyyy-MM-dd"), reason = "moving", method = "pro_rata",
            })).Json();
            Assert.Equal("pending_cancellation", cancelled.GetProperty("status").GetString());
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var reminder = new NpgsqlCommand($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{policyId}%' AND remindername = 'lifecycle'", connection))
        {
            Assert.Equal(1L, await reminder.ExecuteScalarAsync());
        }

        await using var second = new PostgresApplication(connectionString);
        using var again = second.CreateClient(key);
        var policy = await (await again.GetAsync($"/v1/policies/{policyId}")).Json();
        Assert.Equal("pending_cancellation", policy.GetProperty("status").GetString());
        Assert.Equal(2, policy.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await again.PostAsync($"/v1/policies/{policyId}/reinstate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await again.PostAsync($"/v1/policies/{policyId}/renew", null)).StatusCode);
        var types = (await (await again.GetAsync($"/v1/policies/{policyId}/timeline")).Json()).GetProperty("data").EnumerateArray()
            .Select(t => t.GetProperty("type").GetString());
        Assert.Equal(["renew", "reinstate", "cancel", "endorse", "activate", "bind"], types);
    }

    /// <summary>
    /// Each Insure grain-state row's version (it grows on every write). Orleans' own stream pub-sub rows are left
    /// out: it writes them in the background when a stream is first used, whatever the requests.
    /// </summary>
    [Fact]
    public async Task Webhooks_OnPostgres_LoseNothingAcrossARestart_NeitherARetryNorAnEventTheStreamDropped()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("webhooks");
        var settings = new Dictionary<string, string?> { ["Insure:Webhooks:AllowLoopback"] = "true" };
        await using var receiver = await WebhookReceiver.Start();
        receiver.Answer = _ => (500, "down for maintenance", TimeSpan.Zero);
        string orgId, key, webhookId, deliveryId, tenant;
        await using (var first = new PostgresApplication(connectionString, settings))
        {
            (orgId, key) = await first.CreateOrganization();
            tenant = $"{orgId}/sandbox";
            using var client = first.CreateClient(key);
            var created = await (await client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url("pg"), events = new[] { "policyholder.created" } })).Json();
            webhookId = created.GetProperty("id").GetString()!;
            await client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = "Before The Restart" });
            await receiver.WaitFor("pg");
            deliveryId = await OnlyDelivery(client, webhookId, d => d.GetProperty("attemptCount").GetInt32() == 1);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var reminder = new NpgsqlCommand($"SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%{deliveryId}%' AND remindername = 'retry'", connection);
            Assert.Equal(1L, await reminder.ExecuteScalarAsync());
        }
        // While the cluster is down an event reaches the log whose stream message is lost with the silo.
        var lostId = Ids.New(IdPrefixes.Event, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestClocks.Start.AddHours(1)));
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var store = new Insure.Grains.Queries.PostgresQueryStore(dataSource);
            var original = System.Text.Json.Nodes.JsonNode.Parse((await store.ReadLog(tenant, 0, 100)).Last(e => e.Document.Contains("policyholder.created")).Document)!;
            original["id"] = lostId;
            await store.Upsert([new Insure.Grains.Queries.QueryRecord("event", tenant, lostId, TestClocks.Start.AddHours(1), 0,
                new Dictionary<string, string> { ["type"] = "policyholder.created" }, original.ToJsonString())]);
        }

        await using var second = new PostgresApplication(connectionString, settings);
        receiver.Answer = _ => (200, "ok", TimeSpan.Zero);
        using var again = second.CreateClient(key);
        second.ClockOf(again).Advance(TimeSpan.FromMinutes(2));
        var grains = second.Service<IGrainFactory>();
        // The reminders the silo would tick: the delivery's retry, and the dispatcher's catch-up.
        await Reminders.Fire(grains.GetGrain<IWebhookDeliveryGrain>($"{tenant}/{deliveryId}"), "retry");
        await Reminders.Fire(grains.GetGrain<IWebhookDispatcherGrain>(tenant), "catch-up");
        var received = await receiver.WaitFor("pg", 3);
        Assert.Equal(lostId, received[2].Headers["X-Insure-Event-Id"]);
        Assert.Equal(received[0].Headers["X-Insure-Event-Id"], received[1].Headers["X-Insure-Event-Id"]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = (await (await again.GetAsync($"/v1/webhooks/{webhookId}/deliveries")).Json()).GetProperty("data").EnumerateArray().ToList();
            if (deliveries.Count == 2 && deliveries.All(d => d.GetProperty("status").GetString() == "delivered"))
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, string.Join(", ", deliveries.Select(d => d.GetProperty("status").GetString())));
            await Task.Delay(50);
        }
    }

    private static async Task<string> OnlyDelivery(HttpClient client, string webhookId, Func<System.Text.Json.JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = (await (await client.GetAsync($"/v1/webhooks/{webhookId}/deliveries")).Json()).GetProperty("data").EnumerateArray().ToList();
            if (deliveries.Count == 1 && done(deliveries[0]))
            {
                return deliveries[0].GetProperty("id").GetString()!;
            }
            Assert.True(DateTime.UtcNow < deadline, "the delivery never got there");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task ClaimFlow_OnPostgres_SurvivesARestart_AndClaimNumbersContinue()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase("claims");
        string key, policyId, claimId;
        async Task<System.Text.Json.JsonElement> File(InsureApplication app, HttpClient client)
        {
            var filed = await client.PostAsJsonAsync("/v1/claims", new
            {
                policyId,
                dateOfLoss = app.TodayOf(client).AddDays(-3).ToString("yyyy-MM-dd"),
                description = "Kitchen fire",
                claimant = new { name = "Durable Diner" },
            });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            return await filed.Json();
        }

        await using (var first = new PostgresApplication(connectionString))
        {
            (_, key) = await first.CreateOrganization();
            using var client = first.CreateClient(key);
            var submissionId = (await (await client.PostAsJsonAsync("/v1/submissions", new
            {
                insuredName = "Durable Diner",
                naicsCode = "722511",
                annualRevenue = 1_200_000,
                requestedLimit = 1_000_000,
                deductible = 2_500,
                effectiveDate = first.TodayOf(client).AddDays(-30).ToString("yyyy-MM-dd"),
                state = "FL",
                lineOfBusiness = "GL",
            })).Json()).GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{submissionId}/quote", null)).StatusCode);
            policyId = (await (await client.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "PIF" })).Json())
                .GetProperty("id").GetString()!;
            var claim = await File(first, client);
            claimId = claim.GetProperty("id").GetString()!;
            Assert.Equal($"CLM-{first.TodayOf(client).Year}-000001", claim.GetProperty("claimNumber").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/claims/{claimId}/investigate", new { adjusterId = "adj_pg" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/claims/{claimId}/reserves",
                new { category = "indemnity", amount = 40_000, reason = "fire damage" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/claims/{claimId}/settle", new { amount = 12_500, payee = "Durable Diner" })).StatusCode);
        }

        await using var second = new PostgresApplication(connectionString);
        using var again = second.CreateClient(key);
        var kept = await (await again.GetAsync($"/v1/claims/{claimId}")).Json();
        Assert.Equal("in_settlement", kept.GetProperty("status").GetString());
        Assert.Equal(30_000m, kept.GetProperty("reserves").GetProperty("indemnity").GetDecimal());
        Assert.Equal(10_000m, kept.GetProperty("totalPaid").GetDecimal());
        Assert.Equal(2, kept.GetProperty("reserveHistory").GetArrayLength());
        Assert.Equal(1, (await (await again.GetAsync("/v1/claims?status=in_settlement&adjusterId=adj_pg")).Json()).GetProperty("total").GetInt32());
        Assert.Equal($"CLM-{second.TodayOf(again).Year}-000002", (await File(second, again)).GetProperty("claimNumber").GetString());
        Assert.Equal(2, (await (await again.GetAsync($"/v1/claims?policyId={policyId}")).Json()).GetProperty("total").GetInt32());
        // The policy's claim totals come from the insure_totals table, kept across the restart and moved by the new claim.
        var totals = (await (await again.GetAsync($"/v1/policies/{policyId}")).Json()).GetProperty("claims");
        Assert.Equal((2, 2, 10_000m, 30_000m), (totals.GetProperty("count").GetInt32(), totals.GetProperty("open").GetInt32(),
            totals.GetProperty("paid").GetDecimal(), totals.GetProperty("reserved").GetDecimal()));
    }

    [Fact]
    public async Task EveryMoneyMovement_ReconcilesInvoicesAndBalancesTheLedger_OnPostgres()
    {
        await using var app = new PostgresApplication(PostgresServer.Instance.CreateDatabase("ledger"));
        await Features.BillingScenario.Run(app);
    }

    private static async Task<string> StorageWrites(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(graintypestring || ':' || version, ',' ORDER BY graintypestring, grainidextensionstring) FROM orleansstorage WHERE graintypestring NOT IN ('state', 'PubSubRendezvousGrain')",
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

}
