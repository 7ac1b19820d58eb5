using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Insure.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Insure.Api.Tests.Features;

public sealed class MemoryShutdownTests
{
    [Fact]
    public async Task StoppingAMemoryModeNode_WritesNothingToItsStore_WhichStopsWithIt()
    {
        var logs = new CapturedLogs();
        var app = new LoggedApplication(logs);
        var (_, key) = await app.CreateOrganization();
        using (var client = app.CreateClient(key))
        {
            // Each policyholder is a grain whose dispatched outbox is not yet stored when the node stops.
            var created = await Task.WhenAll(Enumerable.Range(0, 90).Select(i =>
                client.PostAsJsonAsync("/v1/policyholders", new { type = "company", companyName = $"Shutdown Co {i}", registrationNumber = $"S{i}" })));
            Assert.All(created, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        }

        logs.Clear();
        await app.DisposeAsync();

        // Writes to the memory store after it stopped fail one by one, each retried and logged by Orleans' placement.
        Assert.DoesNotContain(logs.Entries, e => e.Contains("memorystorage", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class LoggedApplication(CapturedLogs logs) : InsureApplication
    {
        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(logs);
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyCollection<string> Entries => _entries.ToArray();

        public void Clear() => _entries.Clear();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    logs._entries.Enqueue($"{category}: {formatter(state, exception)} {exception?.Message}");
                }
            }
        }
    }
}
