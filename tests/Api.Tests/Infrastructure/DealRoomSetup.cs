using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// The set-up shared by the deal-room and referral tests: a GL submission, a room on it and a participant's link. It
/// works on any client holding an organization's key, so the tests of an in-process app and of a started Api process
/// (which passes the real date as <c>today</c>) build the same thing.
/// </summary>
public static class DealRoomSetup
{
    public static readonly object Broker = new { id = "brk_1", name = "Bea Broker", role = "broker" };

    public static readonly object Underwriter = new { id = "uw_1", name = "Uma Underwriter", role = "underwriter" };

    public static readonly IReadOnlyList<object> TwoParticipants = [Broker, Underwriter];

    /// <summary>
    /// A GL submission for an IT consultancy effective ten days after <paramref name="today"/> (the tenant's date); a
    /// <paramref name="requestedLimit"/> above the plan's 2M authority makes its triage `referral_required`. Returns its id.
    /// </summary>
    public static async Task<string> Submission(HttpClient client, DateOnly today, int requestedLimit = 1_000_000,
        bool quote = false, string naicsCode = "541511", int? deductible = null)
    {
        var response = await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Harbor Logistics", naicsCode, annualRevenue = 2_000_000, requestedLimit,
            effectiveDate = today.AddDays(10).ToString("yyyy-MM-dd"), state = "CA", lineOfBusiness = "GL", deductible,
        });
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetString()!;
        if (quote)
        {
            var quoted = await client.PostAsync($"/v1/submissions/{id}/quote", null);
            Assert.True(quoted.StatusCode == HttpStatusCode.Created, (await quoted.Json()).ToString());
        }
        return id;
    }

    /// <summary>A deal room on the submission, with <see cref="TwoParticipants"/> unless others are given; returns it as created.</summary>
    public static async Task<JsonElement> Room(HttpClient client, string submissionId, string name = "Harbor GL", IReadOnlyList<object>? participants = null)
    {
        var response = await client.PostAsJsonAsync("/v1/deal-rooms", new { submissionId, name, participants = participants ?? TwoParticipants });
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    /// <summary>The participant's signed link to the room (never to be cached).</summary>
    public static async Task<string> Link(HttpClient client, string roomId, string participantId)
    {
        var response = await client.GetAsync($"/v1/deal-rooms/{roomId}/ws?participantId={participantId}");
        var body = await response.Json();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return body.GetProperty("wsUrl").GetString()!;
    }
}
