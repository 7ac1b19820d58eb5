using System.Net;
using System.Net.Sockets;
using System.Text;
using Insure.Grains.Hosting;
using Insure.Grains.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Insure.Grains.Tests.Webhooks;

/// <summary>The sender against a real Kestrel receiver on 127.0.0.1 (hence AllowLoopback in most settings).</summary>
public sealed class WebhookSenderTests
{
    private const string Event = """{"id":"evt_1","type":"policy.bound"}""";
    private static readonly Dictionary<string, string> Headers = new() { ["Insure-Signature"] = "t=1,v1=abc", ["Insure-Event-Id"] = "evt_1" };
    private static readonly WebhookSettings Local = new() { AllowLoopback = true };

    private static Uri At(WebhookReceiver receiver, string host = "127.0.0.1", string path = "/hooks") => new($"http://{host}:{receiver.Port}{path}");

    private static Task Answer(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(body);
    }

    [Fact]
    public async Task Send_PostsJsonWithTheHeaders_AndReportsA2xx()
    {
        await using var receiver = await WebhookReceiver.Start(c => Answer(c, 202, "accepted"));
        using var sender = new WebhookSender(Local, TimeProvider.System);

        var result = await sender.Send(At(receiver), Event, Headers);

        Assert.Equal((202, true, "accepted", null), (result.StatusCode, result.Succeeded, result.ResponseBody, result.Error));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("POST", "/hooks", Event), (request.Method, request.Path, request.Body));
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("t=1,v1=abc", request.Headers["Insure-Signature"]);
        Assert.Equal("evt_1", request.Headers["Insure-Event-Id"]);
    }

    [Fact]
    public async Task Send_ToA500_ReportsTheStatus_AndKeepsOnlyTheStartOfTheBody()
    {
        var body = new string('e', 5000);
        await using var receiver = await WebhookReceiver.Start(c => Answer(c, 500, body));
        using var sender = new WebhookSender(Local, TimeProvider.System);

        var result = await sender.Send(At(receiver), Event, Headers);

        Assert.Equal((500, false, null), (result.StatusCode, result.Succeeded, result.Error));
        Assert.Equal(body[..WebhookSender.LoggedBodyLength], result.ResponseBody);
    }

    [Fact]
    public async Task Send_ToASilentReceiver_TimesOutAfterTheConfiguredTimeout()
    {
        var arrived = new TaskCompletionSource();
        await using var receiver = await WebhookReceiver.Start(c => WebhookReceiver.Silence(c, arrived));
        var clock = new FakeTimeProvider();
        using var sender = new WebhookSender(new WebhookSettings { AllowLoopback = true, Timeout = TimeSpan.FromSeconds(2) }, clock);

        var sending = sender.Send(At(receiver), Event, Headers);
        await arrived.Task;
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(sending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var result = await sending;

        Assert.Equal((null, false, null), (result.StatusCode, result.Succeeded, result.ResponseBody));
        Assert.Equal("timed out after 2 s: no response", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Latency);
    }

    [Fact]
    public async Task Send_CancelledByTheCaller_Throws()
    {
        var arrived = new TaskCompletionSource();
        await using var receiver = await WebhookReceiver.Start(c => WebhookReceiver.Silence(c, arrived));
        using var sender = new WebhookSender(Local, new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();

        var sending = sender.Send(At(receiver), Event, Headers, cancel.Token);
        await arrived.Task;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task Send_ToARedirect_ReportsThe302_WithoutFollowingIt()
    {
        await using var receiver = await WebhookReceiver.Start(c =>
        {
            c.Response.Redirect(c.Request.Path == "/hooks" ? "/elsewhere" : "/further");
            return Task.CompletedTask;
        });
        using var sender = new WebhookSender(Local, TimeProvider.System);

        var result = await sender.Send(At(receiver), Event, Headers);

        Assert.Equal((302, false, null), (result.StatusCode, result.Succeeded, result.Error));
        Assert.Equal("/hooks", Assert.Single(receiver.Requests).Path);
    }

    // A raw socket receiver here rather than Kestrel: Kestrel turns writes after the client left into no-ops and
    // reports the abort later, while a socket's write fails as soon as the client has dropped the connection.
    [Fact]
    public async Task Send_ReadsAtMostTheLimitOfAHugeBody_AndLetsTheRestGo()
    {
        const long total = 64L * 1024 * 1024;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var serving = ServeBody(listener, total);
            var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hooks");
            WebhookAttemptResult result;
            using (var sender = new WebhookSender(new WebhookSettings { AllowLoopback = true, MaxResponseBodyBytes = 4096 }, TimeProvider.System))
            {
                result = await sender.Send(url, Event, Headers);
            }

            Assert.Equal((200, null), (result.StatusCode, result.Error));
            Assert.Equal(new string('b', WebhookSender.LoggedBodyLength), result.ResponseBody);
            // The sender dropped the connection after its 4 KiB instead of taking in 64 MiB, so the receiver could not finish.
            Assert.True(await serving < total);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Send_ToLocalhost_IsRefusedAtConnect_UnlessLoopbackIsAllowed()
    {
        await using var receiver = await WebhookReceiver.Start(c => Answer(c, 200, "ok"));
        var url = At(receiver, "localhost");

        using (var strict = new WebhookSender(new WebhookSettings { AllowHttp = true }, TimeProvider.System))
        {
            var refused = await strict.Send(url, Event, Headers);
            Assert.Null(refused.StatusCode);
            Assert.StartsWith("refused: url host localhost resolves to ", refused.Error, StringComparison.Ordinal);
            Assert.Contains("may not reach (loopback)", refused.Error, StringComparison.Ordinal);
            Assert.Empty(receiver.Requests);
        }

        using var local = new WebhookSender(Local, TimeProvider.System);
        var delivered = await local.Send(url, Event, Headers);
        Assert.Equal((200, null), (delivered.StatusCode, delivered.Error));
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task Send_ToAHostResolvingToAPrivateAddress_IsRefusedAtConnect()
    {
        var resolved = new List<string>();
        using var sender = new WebhookSender(new WebhookSettings(), TimeProvider.System, (host, _) =>
        {
            resolved.Add(host);
            return Task.FromResult(new[] { IPAddress.Parse("10.0.0.1") });
        });

        var result = await sender.Send(new Uri("https://hooks.example.com/in"), Event, Headers);

        Assert.Null(result.StatusCode);
        Assert.Equal("refused: url host hooks.example.com resolves to an address webhooks may not reach (private)", result.Error);
        Assert.Equal(["hooks.example.com"], resolved);
    }

    [Fact]
    public async Task Send_ToAHostThatPassedAtSubscriptionButNowResolvesToLoopback_IsRefused()
    {
        await using var receiver = await WebhookReceiver.Start(c => Answer(c, 200, "ok"));
        var answers = new Queue<string>(["93.184.216.34", "127.0.0.1"]);
        Func<string, CancellationToken, Task<IPAddress[]>> rebinding = (_, _) => Task.FromResult(new[] { IPAddress.Parse(answers.Dequeue()) });
        var settings = new WebhookSettings { AllowHttp = true };
        var url = $"http://rebind.example.com:{receiver.Port}/hooks";

        var subscribed = await WebhookAddressCheck.Check(url, settings, rebinding);
        Assert.Null(subscribed.Violation);
        using var sender = new WebhookSender(settings, TimeProvider.System, rebinding);
        var result = await sender.Send(subscribed.Facts!, Event, Headers);

        Assert.StartsWith("refused: url host rebind.example.com resolves to an address webhooks may not reach (loopback", result.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Send_ToAClosedPort_ReportsAConnectionFailure()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var sender = new WebhookSender(Local, TimeProvider.System);

        var result = await sender.Send(new Uri($"http://127.0.0.1:{port}/hooks"), Event, Headers);

        Assert.Null(result.StatusCode);
        Assert.StartsWith("connection failed: ", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Answers one request with a 200 of <paramref name="total"/> bytes; returns how many it wrote before the client went away.</summary>
    private static async Task<long> ServeBody(TcpListener listener, long total)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                return 0;
            }
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {total}\r\n\r\n"));
        var chunk = Encoding.ASCII.GetBytes(new string('b', 64 * 1024));
        long written = 0;
        try
        {
            while (written < total)
            {
                await stream.WriteAsync(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
        }
        return written;
    }
}
