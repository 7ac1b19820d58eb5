using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Api.Tests.Features;

/// <summary>
/// The Api with a fault the tests arm: the next grain call of a named method completes (its change is stored) and then
/// fails as a lost silo's would, so the request answers 503 without knowing its change was made.
/// </summary>
public sealed class UncertainWriteApplication() : InsureApplication(null)
{
    public LostAnswers Faults { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IOutgoingGrainCallFilter>(Faults);

    public sealed class LostAnswers : IOutgoingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _armed = new();

        /// <summary>The next call of <paramref name="method"/> (on any grain) loses its answer.</summary>
        public void Arm(string method) => _armed.AddOrUpdate(method, 1, (_, n) => n + 1);

        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            await context.Invoke();
            var method = context.InterfaceMethod?.Name ?? "";
            if (_armed.TryGetValue(method, out var count) && count > 0 && _armed.TryUpdate(method, count - 1, count))
            {
                throw new SiloUnavailableException($"Lost the answer to {method} (test fault)");
            }
        }
    }
}

/// <summary>
/// A write whose answer was lost (the cluster failed after storing it) is retried with its Idempotency-Key: the retry
/// finds what the first attempt made and answers with it, instead of making it again.
/// </summary>
public sealed class UncertainWriteTests(UncertainWriteApplication app) : IClassFixture<UncertainWriteApplication>
{
    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, string key, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>A policy bound on the paid-in-full plan, and its one open invoice.</summary>
    private async Task<(string PolicyId, JsonElement Invoice)> PaidInFullPolicy(HttpClient client)
    {
        var submissionId = await DealRoomSetup.Submission(client, app.TodayOf(client));
        Assert.Equal(HttpStatusCode.Created, (await Post(client, $"/v1/submissions/{submissionId}/quote", "quote-1", null)).StatusCode);
        var policyId = (await (await Post(client, $"/v1/submissions/{submissionId}/bind", "bind-1", new { installmentPlan = "PIF" })).Json())
            .GetProperty("id").GetString()!;
        return (policyId, (await (await client.GetAsync($"/v1/invoices?policyId={policyId}")).Json()).GetProperty("data")[0]);
    }

    private static async Task<int> Total(HttpClient client, string path) =>
        (await (await client.GetAsync(path)).Json()).GetProperty("total").GetInt32();

    [Fact]
    public async Task ACreateWhoseAnswerWasLost_IsAnsweredOnRetryWithWhatItMade_NotMadeTwice()
    {
        var (_, key) = await app.CreateOrganization("Lost Answers Co");
        using var client = app.CreateClient(key);
        var body = new { type = "company", companyName = "Made Once Ltd" };

        app.Faults.Arm("Create");
        var lost = await Post(client, "/v1/policyholders", "holder-1", body);
        await lost.AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.NotNull(lost.Headers.RetryAfter);
        Assert.Equal(1, await Total(client, "/v1/policyholders"));

        var retried = await Post(client, "/v1/policyholders", "holder-1", body);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var made = await retried.Json();
        Assert.Equal("Made Once Ltd", made.GetProperty("name").GetString());
        Assert.Equal(1, await Total(client, "/v1/policyholders"));
        var id = made.GetProperty("id").GetString()!;
        Assert.Equal(id, (await (await client.GetAsync("/v1/policyholders")).Json()).GetProperty("data")[0].GetProperty("id").GetString());

        // From now on the key replays that answer; another body under it is refused as before.
        var replayed = await Post(client, "/v1/policyholders", "holder-1", body);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(id, (await replayed.Json()).GetProperty("id").GetString());
        await (await Post(client, "/v1/policyholders", "holder-1", new { type = "company", companyName = "Other" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        // A key of its own still makes a new one.
        Assert.Equal(HttpStatusCode.Created, (await Post(client, "/v1/policyholders", "holder-2", body)).StatusCode);
        Assert.Equal(2, await Total(client, "/v1/policyholders"));
    }

    [Fact]
    public async Task ASubmissionAndABindWhoseAnswersWereLost_AreAnsweredOnRetry_AndAClaimFiledOnce()
    {
        var (_, key) = await app.CreateOrganization("Lost Bind Co");
        using var client = app.CreateClient(key);
        var application = new
        {
            insuredName = "Harbor Logistics", naicsCode = "541511", annualRevenue = 2_500_000, requestedLimit = 1_000_000,
            effectiveDate = app.TodayOf(client).AddDays(5).ToString("yyyy-MM-dd"), state = "TX", lineOfBusiness = "GL", deductible = 1000,
        };
        app.Faults.Arm("Create");
        await (await Post(client, "/v1/submissions", "sub-1", application)).AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        var submission = await (await Post(client, "/v1/submissions", "sub-1", application)).Json();
        Assert.Equal(1, await Total(client, "/v1/submissions"));
        var submissionId = submission.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await Post(client, $"/v1/submissions/{submissionId}/quote", "quote-1", null)).StatusCode);

        app.Faults.Arm("Bind");
        await (await Post(client, $"/v1/submissions/{submissionId}/bind", "bind-1", new { installmentPlan = "PIF" }))
            .AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        var retried = await Post(client, $"/v1/submissions/{submissionId}/bind", "bind-1", new { installmentPlan = "PIF" });
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var policyId = (await retried.Json()).GetProperty("id").GetString()!;
        Assert.Equal(policyId, (await (await client.GetAsync($"/v1/submissions/{submissionId}")).Json()).GetProperty("policyId").GetString());
        Assert.Equal(1, await Total(client, "/v1/policies"));
        // Without an uncertain first attempt, binding a bound submission is still refused.
        await (await Post(client, $"/v1/submissions/{submissionId}/bind", "bind-2", new { installmentPlan = "PIF" }))
            .AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");

        var claim = new
        {
            policyId, dateOfLoss = app.TodayOf(client).AddDays(6).ToString("yyyy-MM-dd"), description = "Water damage", claimant = new { name = "Pat" },
        };
        app.ClockOf(client).Advance(TimeSpan.FromDays(7));
        app.Faults.Arm("File");
        await (await Post(client, "/v1/claims", "fnol-1", claim)).AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        var filed = await Post(client, "/v1/claims", "fnol-1", claim);
        Assert.True(filed.StatusCode == HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        Assert.Equal(1, await Total(client, "/v1/claims"));
    }

    [Fact]
    public async Task ADealRoomPostWhoseAnswerWasLost_IsAnsweredOnRetryWithTheMessage_PostedOnce()
    {
        var (_, key) = await app.CreateOrganization("Lost Message Co");
        using var client = app.CreateClient(key);
        var room = (await DealRoomSetup.Room(client, await DealRoomSetup.Submission(client, app.TodayOf(client)))).GetProperty("id").GetString()!;
        var message = new { authorId = "brk_1", body = "Can you do 2M at 10k deductible?" };

        app.Faults.Arm("Post");
        await (await Post(client, $"/v1/deal-rooms/{room}/messages", "msg-1", message)).AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        var retried = await Post(client, $"/v1/deal-rooms/{room}/messages", "msg-1", message);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var history = await (await client.GetAsync($"/v1/deal-rooms/{room}/messages")).Json();
        var posted = Assert.Single(history.GetProperty("data").EnumerateArray());
        Assert.Equal(posted.GetProperty("id").GetString(), (await retried.Json()).GetProperty("id").GetString());
        Assert.Equal(posted.GetProperty("sentAt").GetString(), (await retried.Json()).GetProperty("sentAt").GetString());

        // The same words under another key are another message.
        Assert.Equal(HttpStatusCode.Created, (await Post(client, $"/v1/deal-rooms/{room}/messages", "msg-2", message)).StatusCode);
        Assert.Equal(2, (await (await client.GetAsync($"/v1/deal-rooms/{room}/messages")).Json()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task APaymentIntentWhoseAnswerWasLost_IsAnsweredOnRetryWithTheIntent_ChargedOnce()
    {
        var (_, key) = await app.CreateOrganization("Lost Payment Co");
        using var client = app.CreateClient(key);
        var (policyId, invoice) = await PaidInFullPolicy(client);
        var path = $"/v1/invoices/{invoice.GetProperty("id").GetString()}/payment-intent";

        app.Faults.Arm("CreatePaymentIntent");
        await (await Post(client, path, "pay-1", new { paymentMethod = "pm_card_visa" })).AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        var retried = await Post(client, path, "pay-1", new { paymentMethod = "pm_card_visa" });
        Assert.True(retried.StatusCode == HttpStatusCode.OK, await retried.Content.ReadAsStringAsync());
        var intent = await retried.Json();
        Assert.Equal("succeeded", intent.GetProperty("status").GetString());
        Assert.StartsWith("pi_", intent.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(intent.GetProperty("clientSecret").GetString()));

        var paid = await (await client.GetAsync($"/v1/invoices/{invoice.GetProperty("id").GetString()}")).Json();
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        var payment = Assert.Single(paid.GetProperty("payments").EnumerateArray());
        Assert.Equal(invoice.GetProperty("amountDue").GetDecimal(), payment.GetProperty("amount").GetDecimal());
        Assert.Equal(intent.GetProperty("id").GetString(), Assert.Single(paid.GetProperty("attempts").EnumerateArray()).GetProperty("intentId").GetString());
        var ledger = await (await client.GetAsync($"/v1/policies/{policyId}/ledger")).Json();
        Assert.Equal(ledger.GetProperty("totalDebits").GetDecimal(), ledger.GetProperty("totalCredits").GetDecimal());

        // Without an uncertain first attempt, paying a paid invoice is still refused.
        await (await Post(client, path, "pay-2", new { paymentMethod = "pm_card_visa" })).AssertError(HttpStatusCode.UnprocessableEntity, "invalid_state_transition");
    }

    [Fact]
    public async Task APaymentIntentRetriedOverADayAfterItsAnswerWasLost_IsNotSentToTheGatewayAgain()
    {
        var (_, key) = await app.CreateOrganization("Late Retry Co");
        using var client = app.CreateClient(key);
        var invoiceId = (await PaidInFullPolicy(client)).Invoice.GetProperty("id").GetString();

        app.Faults.Arm("CreatePaymentIntent");
        await (await Post(client, $"/v1/invoices/{invoiceId}/payment-intent", "pay-1", new { paymentMethod = "pm_card_visa" }))
            .AssertError(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        // A gateway forgets an idempotency key after a day: a retry that late is answered from the invoice's record only.
        app.ClockOf(client).Advance(TimeSpan.FromHours(23.5));
        await (await Post(client, $"/v1/invoices/{invoiceId}/payment-intent", "pay-1", new { paymentMethod = "pm_card_visa" }))
            .AssertError(HttpStatusCode.Conflict, "conflict");
        var invoice = await (await client.GetAsync($"/v1/invoices/{invoiceId}")).Json();
        Assert.Single(invoice.GetProperty("attempts").EnumerateArray());
    }

    [Fact]
    public async Task AWriteWhoseKeyCannotBeRecordedAfterwards_IsStillAnswered_NotFailedAfterItsChange()
    {
        var (_, key) = await app.CreateOrganization("Lost Key Co");
        using var client = app.CreateClient(key);

        // The key's grain was on a silo that just failed: neither storing the response nor freeing the key answers.
        app.Faults.Arm("Complete");
        app.Faults.Arm("Release");
        var made = await Post(client, "/v1/policyholders", "holder-1", new { type = "company", companyName = "Answered Ltd" });
        Assert.True(made.StatusCode == HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
        Assert.Equal(1, await Total(client, "/v1/policyholders"));
    }
}
