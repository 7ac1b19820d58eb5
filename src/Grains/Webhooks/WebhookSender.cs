using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Insure.Grains.Hosting;

namespace Insure.Grains.Webhooks;

/// <summary>
/// POSTs webhook deliveries over one shared connection pool. Every new connection resolves the host and connects only
/// to addresses <see cref="WebhookUrlRules"/> allows, so a name that passed at subscription and now points inside the
/// network is refused; redirects are reported, never followed, and no proxy is used. Whatever the receiver does
/// (errors, silence, huge bodies, closing the connection) comes back as a <see cref="WebhookAttemptResult"/>.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    /// <summary>How much of the response body the delivery log keeps, in characters.</summary>
    public const int LoggedBodyLength = 1024;

    private readonly WebhookSettings _settings;
    private readonly TimeProvider _clock;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly HttpClient _http;

    /// <summary>A sender with the given limits; the attempt timeout runs on <paramref name="clock"/>.</summary>
    public WebhookSender(WebhookSettings settings, TimeProvider clock, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _settings = settings;
        _clock = clock;
        _resolve = resolve ?? WebhookAddressCheck.Dns;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = Connect,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Connections are recycled so a receiver's DNS change is picked up (and checked again) within minutes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            // Disposing a response with unread body closes the connection instead of draining the rest in the background.
            MaxResponseDrainSize = 0,
        };
        // The attempt's own timeout (on the injected clock) bounds each call; HttpClient's default 100 s must not cut in.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// POSTs <paramref name="body"/> as application/json with <paramref name="headers"/> to <paramref name="url"/> (a URL
    /// <see cref="WebhookUrlRules.Check"/> accepted). Throws only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<WebhookAttemptResult> Send(Uri url, string body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken = default)
    {
        var started = _clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(_settings.Timeout, _clock);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        HttpResponseMessage response;
        try
        {
            using var request = Request(url, body, headers);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
        {
            return new(null, _clock.GetElapsedTime(started), null, Describe(e, "no response"));
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            try
            {
                var start = await ReadStart(response.Content, attempt.Token);
                return new(status, _clock.GetElapsedTime(started), start, null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException or OperationCanceledException)
            {
                return new(status, _clock.GetElapsedTime(started), null, Describe(e, "the response body was not read"));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage Request(Uri url, string body, IReadOnlyDictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    private string Describe(Exception e, string outcome)
    {
        if (e is OperationCanceledException)
        {
            return $"timed out after {_settings.Timeout.TotalSeconds:0.###} s: {outcome}";
        }
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException refused)
            {
                return $"refused: {refused.Message}";
            }
        }
        return $"connection failed: {e.GetBaseException().Message}";
    }

    /// <summary>At most MaxResponseBodyBytes of the body, decoded as UTF-8 and cut to <see cref="LoggedBodyLength"/> characters.</summary>
    private async Task<string?> ReadStart(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = Math.Max(0, _settings.MaxResponseBodyBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, limit));
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var read = 0;
            while (read < limit)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read, limit - read), cancellationToken);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            if (read == 0)
            {
                return null;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            if (text.Length <= LoggedBodyLength)
            {
                return text;
            }
            // Never end on half of a surrogate pair.
            return text[..(char.IsHighSurrogate(text[LoggedBodyLength - 1]) ? LoggedBodyLength - 1 : LoggedBodyLength)];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var uri = context.InitialRequestMessage.RequestUri!;
        var (addresses, refusal) = await WebhookAddressCheck.Resolve(uri, context.DnsEndPoint.Host, _settings, _resolve, cancellationToken);
        if (refusal is { Message: var message })
        {
            throw new WebhookAddressRefusedException(message);
        }
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw failure!;
    }
}
