using System.Diagnostics;
using System.Text;
using Insure.Grains.Hosting;

namespace Insure.Grains.Webhooks;

/// <summary>Placeholder until the guarded sender lands: posts with a plain HttpClient.</summary>
internal sealed class WebhookTransport(InsureOptions options)
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    public async Task<WebhookAttempt> Post(string url, string body, IReadOnlyList<KeyValuePair<string, string>> headers, string trigger, DateTimeOffset at)
    {
        var watch = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(options.Webhooks.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            var text = await response.Content.ReadAsStringAsync(cancel.Token);
            return new WebhookAttempt(at, (int)response.StatusCode, watch.ElapsedMilliseconds, text.Length > 1024 ? text[..1024] : text, null, trigger);
        }
        catch (OperationCanceledException)
        {
            return new WebhookAttempt(at, null, watch.ElapsedMilliseconds, null, "timeout", trigger);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookAttempt(at, null, watch.ElapsedMilliseconds, null, ex.Message, trigger);
        }
    }
}
