using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Insure.Grains.Tests.Webhooks;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, answering with the test's handler and keeping what it received.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static async Task<WebhookReceiver> Start(Func<HttpContext, Task> respond)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        // A handler still waiting on a request must not hold up the end of the test for long.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver!.Requests.Enqueue(new Received(context.Request.Method, context.Request.Path, headers, await reader.ReadToEndAsync()));
            await respond(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, new Uri(address).Port);
        return receiver;
    }

    /// <summary>Waits until the client goes away, never answering: the receiver that hangs.</summary>
    public static Task Silence(HttpContext context, TaskCompletionSource arrived)
    {
        var gone = new TaskCompletionSource();
        context.RequestAborted.Register(() => gone.TrySetResult());
        arrived.TrySetResult();
        return gone.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
}
