using System.Diagnostics;
using System.Net;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Insure.Api.Tests.Features;

/// <summary>The Api with a query store whose pings are counted and can be made to fail, as a database outage would.</summary>
public sealed class ProbedDatabaseApplication() : InsureApplication(null)
{
    public ProbedStore Store { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IQueryStore>();
        services.AddSingleton<IQueryStore>(Store);
    }

    public sealed class ProbedStore : DelegatingQueryStore
    {
        private int _pings;

        public int Pings => Volatile.Read(ref _pings);

        public volatile bool Down;

        public override Task Ping(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _pings);
            return Down ? Task.FromException(new TimeoutException("the database does not answer")) : Task.CompletedTask;
        }
    }
}

/// <summary>`/health/ready`: membership and the database, probed at most once a second per node, with no credential.</summary>
public sealed class HealthTests(ProbedDatabaseApplication app) : IClassFixture<ProbedDatabaseApplication>
{
    [Fact]
    public async Task Ready_ReportsTheActiveSilos_AndIsProbedAtMostOnceASecond_HoweverManyAsk()
    {
        using var client = app.CreateClient();
        var first = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var checks = (await first.Json()).GetProperty("checks");
        Assert.Equal(("ok", "1", "ok"), (checks.GetProperty("cluster").GetString(), checks.GetProperty("activeSilos").GetString(), checks.GetProperty("queryStore").GetString()));

        var pingsBefore = app.Store.Pings;
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 10; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/health/ready")));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        // 200 requests; a probe starts at most once in each second that passed (and one may straddle the start).
        Assert.InRange(app.Store.Pings - pingsBefore, 0, (int)Math.Ceiling(seconds) + 1);
    }

    [Fact]
    public async Task Ready_Is503WithRetryAfter_WhileTheDatabaseIsDown_AndReadyAgainOnceItAnswers()
    {
        using var client = app.CreateClient();
        app.Store.Down = true;
        try
        {
            var response = await ReadinessPoll.Until(client, HttpStatusCode.ServiceUnavailable);
            var body = await response.AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.Equal("queryStore", body.GetProperty("details").GetProperty("check").GetString());
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            app.Store.Down = false;
        }
        await ReadinessPoll.Until(client, HttpStatusCode.OK);
    }
}
