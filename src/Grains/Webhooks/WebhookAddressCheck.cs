using System.Net;
using System.Net.Sockets;
using Insure.Grains.Hosting;

namespace Insure.Grains.Webhooks;

/// <summary>
/// The part of the URL check that needs DNS: every address the host resolves to must be allowed. It runs when a
/// subscription is created or changed, and the sender runs it again for each new connection, so a host that later
/// resolves somewhere else (DNS rebinding) is refused at delivery.
/// </summary>
internal static class WebhookAddressCheck
{
    /// <summary>Real DNS; tests pass their own resolver to make a name resolve anywhere.</summary>
    public static readonly Func<string, CancellationToken, Task<IPAddress[]>> Dns = System.Net.Dns.GetHostAddressesAsync;

    /// <summary><see cref="WebhookUrlRules.Check"/>, then the addresses the host resolves to.</summary>
    public static async Task<Decision<Uri>> Check(
        string? url, WebhookSettings settings, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null,
        CancellationToken cancellationToken = default)
    {
        var decision = WebhookUrlRules.Check(url, settings);
        if (decision.Facts is not { } uri)
        {
            return decision;
        }
        var (_, refusal) = await Resolve(uri, uri.IdnHost, settings, resolve ?? Dns, cancellationToken);
        return refusal is null ? decision : RuleViolation.Invalid(WebhookUrlRules.Field, refusal.Value.Rule, refusal.Value.Message);
    }

    /// <summary>
    /// The addresses to connect to for <paramref name="uri"/> (whose host is <paramref name="host"/>), IPv4-mapped ones
    /// as plain IPv4, or why none may be used. One refused address refuses the host: a name that mixes public and
    /// private answers is not a receiver to trust with any of them.
    /// </summary>
    public static async Task<(IPAddress[] Addresses, (string Rule, string Message)? Refusal)> Resolve(
        Uri uri, string host, WebhookSettings settings, Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        CancellationToken cancellationToken)
    {
        var name = WebhookUrlRules.Host(host);
        IPAddress[] addresses;
        var literal = WebhookUrlRules.Literal(name);
        var written = literal is not null;
        if (literal is not null)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolve(name, cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or ArgumentException)
            {
                addresses = [];
            }
            if (addresses.Length == 0)
            {
                return ([], ("resolves", $"url host {name} does not resolve to an address"));
            }
        }
        foreach (var address in addresses)
        {
            if (WebhookUrlRules.Refusal(uri, address, settings) is { } refusal)
            {
                // A resolved address is not shown, only its kind: echoing it would let a tenant map internal DNS.
                return ([], ("address", written
                    ? $"url points at {refusal}"
                    : $"url host {name} resolves to an address webhooks may not reach ({Kind(address, settings)})"));
            }
        }
        return ([.. addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a)], null);
    }

    private static string Kind(IPAddress address, WebhookSettings settings) =>
        WebhookUrlRules.IsAllowed(address, settings)
            ? "a public address over plain http; use https"
            : SpecialAddresses.Classify(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address) ?? "not public";
}
