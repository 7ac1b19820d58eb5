using Insure.Grains.Hosting;

namespace Insure.Grains.Webhooks;

/// <summary>Placeholder until the address rules land: scheme checks only.</summary>
internal sealed class WebhookUrlGuard(InsureOptions options)
{
    public const int MaxUrlLength = 2048;

    public Task<RuleViolation?> Check(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && (options.Webhooks.AllowHttp || options.Webhooks.AllowLoopback))))
        {
            return Task.FromResult<RuleViolation?>(RuleViolation.Invalid("url", "https", "url must be an absolute https URL"));
        }
        return Task.FromResult<RuleViolation?>(null);
    }
}
