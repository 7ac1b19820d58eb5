using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on loopback that records every webhook it receives and answers as a test tells it: a status
/// code, a body, or a delay longer than the sender waits.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    /// <summary>What the receiver answers: (status, body, delay). Default 200 "ok" at once.</summary>
    public Func<ReceivedWebhook, (int Status, string Body, TimeSpan Delay)> Answer { get; set; } = _ => (200, "ok", TimeSpan.Zero);

    /// <summary>While set, requests on this path are held (unanswered) until it is completed.</summary>
    public (string Path, TaskCompletionSource Release)? Hold { get; set; }

    public int Port { get; }

    /// <summary>A URL on this receiver (a path per subscription keeps tests apart).</summary>
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public static async Task<WebhookReceiver> Start()
    {
        var port = PostgresServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.Run(receiver.Handle);
        await app.StartAsync();
        return receiver;
    }

    private async Task Handle(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var received = new ReceivedWebhook(
            context.Request.Path.Value ?? "",
            context.Request.Method,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow);
        _received.Enqueue(received);
        if (Hold is { } hold && received.Path == "/" + hold.Path)
        {
            await hold.Release.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        var (status, answer, delay) = Answer(received);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(answer);
    }

    /// <summary>Everything received on <paramref name="path"/> so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> On(string path) =>
        _received.Where(r => r.Path == "/" + path.TrimStart('/')).ToList();

    /// <summary>Waits (up to 30 s of real time) until <paramref name="path"/> has received at least <paramref name="count"/> requests.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitFor(string path, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (On(path).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} received {On(path).Count} webhooks, expected {count}");
            await Task.Delay(20);
        }
        return On(path);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(string Path, string Method, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);
