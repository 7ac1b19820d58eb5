using System.Net;
using Insure.Grains.Hosting;

namespace Insure.Grains.Webhooks;

/// <summary>
/// Which URLs and addresses a webhook may be delivered to, so that a subscription cannot turn the platform into a proxy
/// into its own network (SSRF). <see cref="Check"/> decides what the text alone shows; <see cref="WebhookAddressCheck"/>
/// adds the addresses the host resolves to, at subscription and again at every connection.
/// </summary>
internal static class WebhookUrlRules
{
    public const string Field = "url";

    public const int MaxLength = 2048;

    /// <summary>
    /// The URL as a <see cref="Uri"/> when its form is acceptable: absolute http(s), no credentials, no fragment, at most
    /// <see cref="MaxLength"/> characters, https unless the settings allow http, and, when the host is an IP address
    /// (in any form <see cref="Uri"/> accepts: 2130706433, 0177.0.0.1, 0x7f.1, [::ffff:7f00:1]), an allowed one.
    /// </summary>
    public static Decision<Uri> Check(string? url, WebhookSettings settings)
    {
        if (TextRules.Required(url, Field, MaxLength) is { } text)
        {
            return text;
        }
        // Uri trims surrounding whitespace and escapes inner spaces; a URL that needs either is refused, not repaired.
        if (url!.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return Invalid("format", "url must not contain spaces or control characters");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            return Invalid("format", "url must be an absolute https URL such as https://example.com/webhooks");
        }
        if (uri.Scheme is not ("https" or "http"))
        {
            return Invalid("scheme", "url must use https");
        }
        // DNS names are at most 253 characters in labels of at most 63 (longer ones cannot be resolved at all).
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) && (uri.IdnHost.TrimEnd('.').Length > 253 || uri.IdnHost.Split('.').Any(label => label.Length > 63)))
        {
            return Invalid("format", "url host is not a valid DNS name (at most 253 characters, in labels of at most 63)");
        }
        // `https://@host/` has an empty UserInfo but still an '@' in the authority.
        if (uri.UserInfo.Length > 0 || uri.GetComponents(UriComponents.UserInfo | UriComponents.HostAndPort, UriFormat.UriEscaped).Contains('@'))
        {
            return Invalid("credentials", "url must not contain credentials (user:password@); authenticate with the webhook signature instead");
        }
        if (uri.Fragment.Length > 0)
        {
            return Invalid("fragment", "url must not contain a fragment (#...)");
        }
        if (uri.Scheme == "http" && !settings.AllowHttp && !settings.AllowLoopback)
        {
            return Invalid("scheme", "url must use https");
        }
        if (Literal(uri) is { } address && Refusal(uri, address, settings) is { } refusal)
        {
            return Invalid("address", $"url points at {refusal}");
        }
        return uri;
    }

    /// <summary>
    /// An address receivers may sit on: not in any special range, except loopback (127.0.0.0/8, ::1) when
    /// <see cref="WebhookSettings.AllowLoopback"/> is set.
    /// </summary>
    public static bool IsAllowed(IPAddress address, WebhookSettings settings) =>
        SpecialAddresses.Classify(address) is null || (settings.AllowLoopback && SpecialAddresses.IsLoopback(address));

    /// <summary>
    /// Why <paramref name="uri"/> may not be delivered to <paramref name="address"/> (it is refused, or the URL is plain
    /// http to a non-loopback address without <see cref="WebhookSettings.AllowHttp"/>), as "ADDRESS is ..."; null when it may.
    /// </summary>
    public static string? Refusal(Uri uri, IPAddress address, WebhookSettings settings)
    {
        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (!IsAllowed(address, settings))
        {
            var name = SpecialAddresses.Classify(address);
            var hint = name == SpecialAddresses.Loopback ? " (local receivers need Insure:Webhooks:AllowLoopback)" : "";
            return $"{address}, which is not a public address ({name}){hint}";
        }
        if (uri.Scheme == "http" && !settings.AllowHttp && !SpecialAddresses.IsLoopback(address))
        {
            return $"{address} over plain http, which is allowed only to loopback receivers; use https";
        }
        return null;
    }

    /// <summary>The host as DNS is asked for it: punycode for international names, no brackets, no trailing root dot.</summary>
    public static string Host(string host)
    {
        var trimmed = host.Trim('[', ']');
        return trimmed.Length > 1 && trimmed.EndsWith('.') ? trimmed[..^1] : trimmed;
    }

    /// <summary>
    /// The host's address when it is written as one, including forms only IDN mapping reveals (fullwidth digits); an IPv6
    /// zone (`%25eth0`) is dropped, as <see cref="Uri.Host"/> does.
    /// </summary>
    public static IPAddress? Literal(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 ? Literal(uri.Host) : Literal(uri.IdnHost);

    /// <summary>The host's address when it is written as one.</summary>
    public static IPAddress? Literal(string host) => IPAddress.TryParse(Host(host), out var address) ? address : null;

    private static RuleViolation Invalid(string rule, string message) => RuleViolation.Invalid(Field, rule, message);
}
