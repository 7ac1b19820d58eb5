using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// A client as the fault tests ask integrators to write one: every POST carries an Idempotency-Key and is sent again
/// with the same key after anything but a definite answer (a 503, a 409 for a key still in flight, a 5xx, a connection
/// that failed or timed out), until it is acknowledged. Every attempt is kept: its status, time and how long it took.
/// </summary>
public sealed class RetryingWriter(HttpClient client, TimeSpan attemptTimeout)
{
    public ConcurrentQueue<WriteAttempt> Attempts { get; } = new();

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/> until it is acknowledged (2xx), then returns the body.</summary>
    public async Task<JsonElement> Post(string path, object? body, CancellationToken stop = default)
    {
        var key = Guid.NewGuid().ToString("N");
        var wait = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            HttpStatusCode? status = null;
            string? answer = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(attemptTimeout);
                using var response = await client.SendAsync(request, timeout.Token);
                status = response.StatusCode;
                answer = await response.Content.ReadAsStringAsync(timeout.Token);
                Attempts.Enqueue(new WriteAttempt(path, key, started, clock.Elapsed, status, response.Headers.RetryAfter?.Delta, answer));
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(answer).RootElement.Clone();
                }
                if ((int)status is >= 400 and < 500 and not 409 and not 429)
                {
                    throw new InvalidOperationException($"POST {path} was refused: {(int)status} {answer}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stop.IsCancellationRequested)
            {
                Attempts.Enqueue(new WriteAttempt(path, key, started, clock.Elapsed, null, null, ex.GetType().Name));
            }
            await Task.Delay(wait, stop);
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 2_000));
        }
    }

    /// <summary>Reads <paramref name="path"/> until it answers 200 (a read is safe to repeat), then returns the body.</summary>
    public async Task<JsonElement> Get(string path, CancellationToken stop = default)
    {
        var wait = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(attemptTimeout);
                using var response = await client.GetAsync(path, timeout.Token);
                var answer = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonDocument.Parse(answer).RootElement.Clone();
                }
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new InvalidOperationException($"GET {path} was refused: {(int)response.StatusCode} {answer}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !stop.IsCancellationRequested)
            {
            }
            await Task.Delay(wait, stop);
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 2_000));
        }
    }
}

/// <summary>One attempt of a write: its status (null when no answer came), how long it took, and the Retry-After it got.</summary>
public sealed record WriteAttempt(string Path, string Key, DateTimeOffset At, TimeSpan Took, HttpStatusCode? Status, TimeSpan? RetryAfter, string? Answer);
