using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Stripe;

namespace Insure.Grains.Tests.Billing;

/// <summary>
/// A local HTTP server in place of api.stripe.com: Stripe.net talks to it over real HTTP, so a test sees the exact
/// form the adapter posts and how Stripe.net hands back Stripe's answers, without a network or an account.
/// </summary>
internal sealed class StripeStandIn : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new();
    private readonly Task _serving;

    public StripeStandIn(Func<Received, (HttpStatusCode Status, string Json)> respond)
    {
        // Ask the OS for a free port, then serve on it (HttpListener cannot bind port 0 itself).
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _serving = Serve(respond);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>A Stripe client aimed at this server; no retries, so one call is one request.</summary>
    public StripeClient Client(string secretKey) =>
        new(secretKey, httpClient: new SystemNetHttpClient(_http, 0, null, false), apiBase: BaseUrl);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
        _http.Dispose();
    }

    private async Task Serve(Func<Received, (HttpStatusCode Status, string Json)> respond)
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var received = new Received(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Headers["Authorization"],
                context.Request.Headers["Idempotency-Key"],
                ParseForm(body));
            Requests.Enqueue(received);
            var (status, json) = respond(received);
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                kv => WebUtility.UrlDecode(kv[0]),
                kv => kv.Length > 1 ? WebUtility.UrlDecode(kv[1]) : "");

    /// <summary>One request as the server received it; <see cref="Form"/> is the decoded form body.</summary>
    public sealed record Received(string Method, string Path, string? Authorization, string? IdempotencyKey, Dictionary<string, string> Form);
}
