using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Insure.Api.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Insure.Api.Tests.Features;

/// <summary>
/// The deal-room page as two people use it: a real Api process, the signed links opened in two browser contexts of a
/// headless Chromium, and everything awaited through Playwright's auto-waiting locators.
/// </summary>
public sealed class DealRoomPageTests
{
    private const string AdminSecret = "page-admin-secret-0123456789abcdef";
    private const int HistoryLength = 70;

    [Fact]
    public async Task TwoPeople_OpenTheirLinks_PageBackThroughHistory_SeeTyping_AndChat()
    {
        var port = PostgresServer.FreePort();
        await using var api = ServiceProcess.Start("Api", "api", new Dictionary<string, string>
        {
            ["Insure__Orleans__SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(),
            ["Insure__AdminSecret"] = AdminSecret,
            ["Insure__SeedPlayground"] = "false",
            // Seventy posts and the set-up from one sandbox key fit a minute's default 100 only just.
            ["Insure__RateLimits__Sandbox"] = "1000",
        }, $"--urls http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitUntilLive(http, api);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminSecret);
        var key = (await (await http.PostAsJsonAsync("/v1/admin/organizations", new { name = "Page Co" })).Json())
            .GetProperty("apiKey").GetProperty("key").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        // The process runs on the real clock.
        var submissionId = await DealRoomSetup.Submission(http, DateOnly.FromDateTime(DateTime.UtcNow));
        var room = (await DealRoomSetup.Room(http, submissionId, "Harbor Freight GL")).GetProperty("id").GetString()!;
        for (var i = 1; i <= HistoryLength; i++)
        {
            var posted = await http.PostAsJsonAsync($"/v1/deal-rooms/{room}/messages", new { authorId = i % 2 == 0 ? "uw_1" : "brk_1", body = $"History {i}" });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }
        Task<string> Link(string participant) => DealRoomSetup.Link(http, room, participant);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        SetDefaultExpectTimeout(20_000);
        await using var brokerContext = await browser.NewContextAsync();
        await using var underwriterContext = await browser.NewContextAsync();
        var broker = await brokerContext.NewPageAsync();
        var underwriter = await underwriterContext.NewPageAsync();
        var policyViolations = new List<string>();
        foreach (var page in new[] { broker, underwriter })
        {
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    policyViolations.Add(message.Text);
                }
            };
        }

        // The underwriter's live connection runs through a relay, so the test can lose a message and drop the connection.
        var dropping = false;
        var typingSignals = 0;
        var lostMessage = new TaskCompletionSource<IWebSocketRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await underwriter.RouteWebSocketAsync(new Regex("/realtime/deal-rooms/"), page =>
        {
            var server = page.ConnectToServer();
            page.OnMessage(frame =>
            {
                if (frame.Text?.Contains("\"target\":\"Typing\"", StringComparison.Ordinal) == true)
                {
                    Interlocked.Increment(ref typingSignals);
                }
                Relay(frame, server);
            });
            server.OnMessage(frame =>
            {
                if (dropping && frame.Text?.Contains("Said while you were away", StringComparison.Ordinal) == true)
                {
                    dropping = false;
                    lostMessage.TrySetResult(page);
                    return;
                }
                Relay(frame, page);
            });
        });

        // Each page shows the room, its participants and the newest page of history, newest at the bottom.
        await broker.GotoAsync(await Link("brk_1"));
        await Expect(broker.Locator("#status")).ToHaveTextAsync("Connected");
        await underwriter.GotoAsync(await Link("uw_1"));
        foreach (var page in new[] { broker, underwriter })
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Harbor Freight GL" })).ToBeVisibleAsync();
            await Expect(page.Locator("#participants")).ToContainTextAsync("Bea Broker");
            await Expect(page.Locator("#participants")).ToContainTextAsync("Uma Underwriter");
            await Expect(page.Locator("#messages .message")).ToHaveCountAsync(30);
            await Expect(page.Locator("#messages .message .body").Last).ToHaveTextAsync($"History {HistoryLength}");
            await Expect(page.GetByText($"History {HistoryLength}", new() { Exact = true })).ToBeInViewportAsync();
            await Expect(page.GetByText("History 1", new() { Exact = true })).ToHaveCountAsync(0);
        }
        // The broker was there first, so hears the underwriter arrive (and is not told of their own arrival).
        await Expect(broker.Locator("#messages .notice", new() { HasTextString = "Uma Underwriter joined" })).ToBeVisibleAsync();
        await Expect(broker.Locator("#messages .notice", new() { HasTextString = "Bea Broker joined" })).ToHaveCountAsync(0);

        // Scrolling to the top loads older pages until the first message, then says the conversation starts there.
        var log = broker.Locator("#log");
        foreach (var expected in new[] { 60, HistoryLength })
        {
            await log.EvaluateAsync("element => element.scrollTop = 0");
            await Expect(broker.Locator("#messages .message")).ToHaveCountAsync(expected);
        }
        await Expect(broker.Locator("#messages .message .body").First).ToHaveTextAsync("History 1");
        await Expect(broker.Locator("#history-start")).ToBeVisibleAsync();
        await log.EvaluateAsync("element => element.scrollTop = element.scrollHeight");

        // The broker types: the underwriter sees it; the broker's message replaces it.
        var brokerBox = broker.Locator("#body");
        await brokerBox.PressSequentiallyAsync("Can we do 1M xs 25k?");
        await Expect(underwriter.Locator("#typing")).ToHaveTextAsync("Bea Broker is typing…");
        await Expect(broker.Locator("#typing")).ToHaveTextAsync("");
        // A few seconds after the last typing signal, the hint goes.
        await Expect(underwriter.Locator("#typing")).ToHaveTextAsync("");
        await brokerBox.PressAsync("Enter");
        await Expect(brokerBox).ToHaveValueAsync("");
        foreach (var page in new[] { broker, underwriter })
        {
            await Expect(page.Locator("#messages .message").Last).ToContainTextAsync("Can we do 1M xs 25k?");
        }
        await Expect(underwriter.Locator("#typing")).ToHaveTextAsync("");
        await Expect(broker.Locator("#messages .message.mine").Last).ToContainTextAsync("Can we do 1M xs 25k?");
        await Expect(underwriter.Locator("#messages .message").Last.Locator(".author")).ToHaveTextAsync("Bea Broker");

        // The underwriter answers; it reaches the broker, and a message posted over REST reaches both.
        // Keystrokes in quick succession send one typing signal, not one each.
        await underwriter.Locator("#body").PressSequentiallyAsync("At 4,200 <b>yes</b>.");
        await Expect(broker.Locator("#typing")).ToHaveTextAsync("Uma Underwriter is typing…");
        Assert.InRange(Volatile.Read(ref typingSignals), 1, 2);
        await underwriter.Locator("#send").ClickAsync();
        await Expect(broker.Locator("#messages .message .body").Last).ToHaveTextAsync("At 4,200 <b>yes</b>.");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/v1/deal-rooms/{room}/messages", new { authorId = "uw_1", body = "Posted over REST" })).StatusCode);
        foreach (var page in new[] { broker, underwriter })
        {
            await Expect(page.Locator("#messages .message .body").Last).ToHaveTextAsync("Posted over REST");
            await Expect(page.GetByText("Posted over REST", new() { Exact = true })).ToHaveCountAsync(1);
        }
        // A referral decision on the room's submission is posted into the room by the platform: both pages show it as a notice.
        var referral = (await (await http.PostAsJsonAsync("/v1/referrals", new
        {
            entityType = "submission", entityId = submissionId, reason = "Limit check", dealRoomId = room,
        })).Json()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/v1/referrals/{referral}/decision", new { decision = "request_info", notes = "Five years of loss runs, please" })).StatusCode);
        foreach (var page in new[] { broker, underwriter })
        {
            await Expect(page.Locator("#messages .system").Last).ToContainTextAsync("Five years of loss runs, please");
        }

        // The underwriter's connection drops just after a message was sent to it (and lost): once reconnected, the page
        // catches up from the history, showing the message once.
        dropping = true;
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/v1/deal-rooms/{room}/messages", new { authorId = "brk_1", body = "Said while you were away" })).StatusCode);
        var lost = await lostMessage.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await lost.CloseAsync();
        await Expect(underwriter.Locator("#messages .message .body").Last).ToHaveTextAsync("Said while you were away");
        await Expect(underwriter.GetByText("Said while you were away", new() { Exact = true })).ToHaveCountAsync(1);
        await Expect(underwriter.Locator("#status")).ToHaveTextAsync("Connected");

        // Empty and over-long messages are refused before they are sent, and the draft is kept.
        await brokerBox.FillAsync("   ");
        await brokerBox.PressAsync("Enter");
        await Expect(broker.Locator("#composer-error")).ToContainTextAsync("empty message");
        await brokerBox.FillAsync(new string('x', 4001));
        await brokerBox.PressAsync("Enter");
        await Expect(broker.Locator("#composer-error")).ToContainTextAsync("at most 4,000 characters");
        await Expect(brokerBox).ToHaveValueAsync(new string('x', 4001));

        // Removing the underwriter over REST ends their page, and the broker is told.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/deal-rooms/{room}/participants/uw_1")).StatusCode);
        await Expect(underwriter.Locator("#banner")).ToContainTextAsync(new Regex("removed from this deal room|no longer a participant"));
        await Expect(underwriter.Locator("#body")).ToBeDisabledAsync();
        await Expect(broker.Locator("#messages .notice").Last).ToContainTextAsync("Uma Underwriter was removed from the room");

        // A link that is not valid opens a page that says so.
        var tampered = await broker.Context.NewPageAsync();
        var refused = await tampered.GotoAsync((await Link("brk_1"))[..^3] + "xyz");
        Assert.Equal(401, refused!.Status);
        await Expect(tampered.GetByRole(AriaRole.Heading, new() { Name = "This deal-room link is not valid or has expired" })).ToBeVisibleAsync();
        Assert.Empty(policyViolations);
    }

    private static void Relay(IWebSocketFrame frame, IWebSocketRoute to)
    {
        if (frame.Text is { } text)
        {
            to.Send(text);
        }
        else
        {
            to.Send(frame.Binary ?? []);
        }
    }

    private static async Task WaitUntilLive(HttpClient http, ServiceProcess api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(api.HasExited, api.Output);
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(100);
        }
    }
}
