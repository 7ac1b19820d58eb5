using System.Net;
using System.Text.Json;
using Insure.Api.Features.ApiKeys;
using Insure.Api.Features.Submissions;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Api.Tests.Features;

/// <summary>
/// The Api with read leases of 4 s (long enough that no lease runs out during a test), counting the leases its node asks
/// the submission and API key grains for.
/// </summary>
public sealed class LeasedReadsApplication() : InsureApplication(new Dictionary<string, string?> { ["Insure:Orleans:ReadLease"] = "00:00:04" })
{
    /// <summary>The leases this node asks entities for.</summary>
    public GrainCallCounter Calls { get; } = new(m => m.DeclaringType is { IsGenericType: true } declaring && declaring.GetGenericTypeDefinition() == typeof(ILeasedRead<>));

    /// <summary>Holds a lease's answer, once armed, inside the entity's turn, until released.</summary>
    public LeaseGate Gate { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IOutgoingGrainCallFilter>(Calls);
        services.AddSingleton<IIncomingGrainCallFilter>(Gate);
    }

    public sealed class LeaseGate : IIncomingGrainCallFilter
    {
        private volatile TaskCompletionSource? _release;

        /// <summary>Completes when an answer is held.</summary>
        public TaskCompletionSource Holding { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm()
        {
            Holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => Interlocked.Exchange(ref _release, null)?.TrySetResult();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            if (context.InterfaceMethod?.DeclaringType is { IsGenericType: true } declaring
                && declaring.GetGenericTypeDefinition() == typeof(ILeasedRead<>) && _release is { } release)
            {
                Holding.TrySetResult();
                await release.Task;
            }
        }
    }
}

/// <summary>
/// Reads of a submission or an API key are answered from the node's copy while its lease runs, and every change ends the
/// copy before it answers: the read that follows shows the change.
/// </summary>
public sealed class ReadLeaseTests(LeasedReadsApplication app) : IClassFixture<LeasedReadsApplication>
{
    [Fact]
    public async Task ASubmission_IsReadFromTheNodesCopy_AndTheReadAfterAQuoteShowsTheQuote()
    {
        var (_, key) = await app.CreateOrganization("Leased Reads Co");
        using var client = app.CreateClient(key);
        var id = await DealRoomSetup.Submission(client, app.TodayOf(client));

        var before = app.Calls.Count;
        for (var i = 0; i < 5; i++)
        {
            var read = await (await client.GetAsync($"/v1/submissions/{id}")).Json();
            Assert.Equal("submitted", read.GetProperty("status").GetString());
        }
        Assert.Equal(before + 1, app.Calls.Count);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
        var quoted = await (await client.GetAsync($"/v1/submissions/{id}")).Json();
        Assert.Equal("quoted", quoted.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, quoted.GetProperty("quote").ValueKind);
        Assert.Equal(before + 2, app.Calls.Count);
    }

    [Fact]
    public async Task ACopysReads_AnswerTheJsonANodeWithoutLeasesWould_SerializedOnce()
    {
        var (orgId, key) = await app.CreateOrganization("Serialized Once Co");
        using var client = app.CreateClient(key);
        var id = await DealRoomSetup.Submission(client, app.TodayOf(client), quote: true);
        using var first = await client.GetAsync($"/v1/submissions/{id}", HttpCompletionOption.ResponseHeadersRead);
        // The length the server sent with the bytes it serialized beforehand; read before the body is buffered.
        var sentLength = first.Content.Headers.ContentLength;
        using var second = await client.GetAsync($"/v1/submissions/{id}");
        var body = await first.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/json; charset=utf-8", first.Content.Headers.ContentType!.ToString());
        Assert.Equal(body.Length, sentLength);
        Assert.Equal(body, await second.Content.ReadAsByteArrayAsync());
        // The bytes a node without leases writes for the same view, through the ordinary result.
        var view = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubmissionGrain>(
            new Tenant(orgId, Tenant.Sandbox).KeyFor(id)).Get();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(view!.ToResource(app.ClockOf(client).GetUtcNow()), options), body);
    }

    [Fact]
    public async Task ALeaseAnsweredBeforeADrop_ButArrivingAfterIt_IsNotKept()
    {
        var (orgId, key) = await app.CreateOrganization("Late Lease Co");
        using var client = app.CreateClient(key);
        var id = await DealRoomSetup.Submission(client, app.TodayOf(client));
        var copies = app.Services.GetRequiredService<Insure.Api.Infrastructure.ReadLeaseCache>();
        var grain = app.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubmissionGrain>(new Tenant(orgId, Tenant.Sandbox).KeyFor(id)).GetGrainId();

        app.Gate.Arm();
        var read = client.GetAsync($"/v1/submissions/{id}");
        await app.Gate.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // A change's drop reaches the node while the lease's answer, made before it, is still on its way.
        await copies.Drop(grain);
        app.Gate.Release();

        Assert.Equal(HttpStatusCode.OK, (await read).StatusCode);
        Assert.False(copies.Holds(grain), "a copy older than the drop was kept");
        // The next read asks again, and keeps what it gets.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/submissions/{id}")).StatusCode);
        Assert.True(copies.Holds(grain));
    }

    [Fact]
    public async Task TheCopysQuote_ShowsExpired_OnceTheTenantsClockPassesItsExpiry()
    {
        var (_, key) = await app.CreateOrganization("Expiring Copy Co");
        using var client = app.CreateClient(key);
        var id = await DealRoomSetup.Submission(client, app.TodayOf(client), quote: true);
        var active = (await (await client.GetAsync($"/v1/submissions/{id}")).Json()).GetProperty("quote");
        Assert.Equal("active", active.GetProperty("status").GetString());
        var before = app.Calls.Count;

        var clock = app.ClockOf(client);
        clock.SetUtcNow(active.GetProperty("expiresAt").GetDateTimeOffset().AddSeconds(1));
        var expired = await (await client.GetAsync($"/v1/submissions/{id}")).Json();
        Assert.Equal("expired", expired.GetProperty("quote").GetProperty("status").GetString());
        // The same copy, shown as it is now.
        Assert.Equal(before, app.Calls.Count);
    }

    [Fact]
    public async Task AnApiKey_IsReadFromTheNodesCopy_AndTheReadAfterItsRevocationShowsIt()
    {
        var (orgId, key) = await app.CreateOrganization("Leased Keys Co");
        using var client = app.CreateClient(key);
        var (otherId, _) = await app.CreateKey(orgId, new { name = "to revoke", scopes = new[] { "submissions:read" } });

        var before = app.Calls.Count;
        for (var i = 0; i < 3; i++)
        {
            var read = await (await client.GetAsync($"/v1/api-keys/{otherId}")).Json();
            Assert.Equal(JsonValueKind.Null, read.GetProperty("revokedAt").ValueKind);
        }
        Assert.Equal(before + 1, app.Calls.Count);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/api-keys/{otherId}")).StatusCode);
        var revoked = await (await client.GetAsync($"/v1/api-keys/{otherId}")).Json();
        Assert.Equal(JsonValueKind.String, revoked.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task AnApiKeysCopy_AnswersTheJsonANodeWithoutLeasesWould_AndShowsItExpired_OnceTheTenantsClockPassesItsExpiry()
    {
        var (orgId, key) = await app.CreateOrganization("Expiring Key Copy Co");
        using var client = app.CreateClient(key);
        var clock = app.ClockOf(client);
        var expiresAt = clock.GetUtcNow().AddDays(1);
        var (otherId, _) = await app.CreateKey(orgId, new { name = "expiring", scopes = new[] { "submissions:read" }, expiresAt });
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var view = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IApiKeyGrain>(new Tenant(orgId, Tenant.Sandbox).KeyFor(otherId)).Get();

        using var first = await client.GetAsync($"/v1/api-keys/{otherId}", HttpCompletionOption.ResponseHeadersRead);
        // The length the server sent with the bytes it serialized beforehand.
        var sentLength = first.Content.Headers.ContentLength;
        var body = await first.Content.ReadAsByteArrayAsync();
        var before = app.Calls.Count;
        using var second = await client.GetAsync($"/v1/api-keys/{otherId}");
        Assert.Equal(body.Length, sentLength);
        Assert.Equal(body, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(view!.ToResource(clock.GetUtcNow()), options), body);
        Assert.Equal("active", (await first.Json()).GetProperty("status").GetString());

        clock.SetUtcNow(expiresAt.AddSeconds(1));
        using var expired = await client.GetAsync($"/v1/api-keys/{otherId}");
        Assert.Equal("expired", (await expired.Json()).GetProperty("status").GetString());
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(view!.ToResource(clock.GetUtcNow()), options), await expired.Content.ReadAsByteArrayAsync());
        // The same copy, shown as it is now.
        Assert.Equal(before, app.Calls.Count);
    }

    [Fact]
    public async Task AnAgencyToken_SharesTheCopy_ThroughItsVisibilityCheck_WhichTakesNoLeaseForAWrite_AndAnUnknownIdIsNeverKept()
    {
        using var org = await Distribution.Start(app, "Leased Agency Reads");
        var agency = await org.Agency("Leased Agency", "LA-1");
        var (_, integrationKey, _) = await org.Integration([agency]);
        var token = await org.Token(integrationKey, new { partnerAgencyId = "LA-1" });
        using var client = app.CreateClient(token);
        var id = await DealRoomSetup.Submission(client, app.TodayOf(org.Owner));

        // A write's visibility check takes no lease (its own change would have to end it first).
        var before = app.Calls.Count;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{id}/quote", null)).StatusCode);
        Assert.Equal(before, app.Calls.Count);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/v1/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/submissions/{id}")).StatusCode);
        Assert.Equal(before + 1, app.Calls.Count);

        var unknown = Ids.New(IdPrefixes.Submission, TimeProvider.System);
        for (var i = 0; i < 2; i++)
        {
            await (await org.Owner.GetAsync($"/v1/submissions/{unknown}")).AssertError(HttpStatusCode.NotFound, "not_found");
        }
        Assert.Equal(before + 3, app.Calls.Count);
    }
}

/// <summary>A read lease, which a change may have to wait out, is kept below the probe timeout.</summary>
public sealed class ReadLeaseSettingTests
{
    [Theory]
    [InlineData("00:00:00.5", null, true)]
    [InlineData("00:00:00", null, true)]
    [InlineData("00:00:05", null, false)]
    [InlineData("-00:00:01", null, false)]
    [InlineData("00:00:02", "00:00:01", false)]
    [InlineData("00:00:00.9", "00:00:01", true)]
    public void TheLease_IsRefusedUnlessShorterThanTheProbeTimeout(string lease, string? probeTimeout, bool accepted)
    {
        var settings = new Dictionary<string, string?> { ["Insure:Orleans:ReadLease"] = lease, ["Insure:Orleans:ProbeTimeout"] = probeTimeout };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Where(s => s.Value is not null)).Build();
        var problems = Insure.Grains.Hosting.InsureHosting.ConfigurationProblems(configuration);
        if (accepted)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.StartsWith("Insure:Orleans:ReadLease (env Insure__Orleans__ReadLease) must be from 0 to less than", StringComparison.Ordinal));
        }
    }
}
