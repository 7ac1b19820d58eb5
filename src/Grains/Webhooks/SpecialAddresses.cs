using System.Net;

namespace Insure.Grains.Webhooks;

/// <summary>
/// Names the special-purpose IP range an address falls in (IANA's IPv4 and IPv6 special-purpose registries), or null
/// for an ordinary global address. Webhook receivers must sit on ordinary global addresses.
/// </summary>
/// <remarks>
/// Addresses that carry an IPv4 address inside an IPv6 one are unwrapped first: IPv4-mapped (::ffff:a.b.c.d) is the IPv4
/// address itself, since a dual-stack socket connects to it directly; NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the
/// embedded IPv4 address through a translator or relay, so they are refused when it is special. Teredo (2001::/32) is
/// refused outright with the rest of 2001::/23: its client address is obfuscated and reached through third-party relays,
/// and no receiver needs it. Outside 2000::/3 (global unicast) every IPv6 address is refused.
/// </remarks>
internal static class SpecialAddresses
{
    public const string Loopback = "loopback";

    private static readonly (IPNetwork Network, string Name)[] V4 = Table(
        ("0.0.0.0/8", "unspecified"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared (carrier-grade NAT)"),
        ("127.0.0.0/8", Loopback),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignment"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"));

    private static readonly (IPNetwork Network, string Name)[] V6 = Table(
        ("::/128", "unspecified"),
        ("::1/128", Loopback),
        ("64:ff9b:1::/48", "local-use NAT64"),
        ("100::/64", "discard-only"),
        ("2001::/32", "Teredo"),
        ("2001:db8::/32", "documentation"),
        ("2001::/23", "IETF protocol assignment"),
        ("3fff::/20", "documentation"),
        ("fc00::/7", "unique local (private)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"));

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>The name of the special range <paramref name="address"/> is in, or null when it is an ordinary global address.</summary>
    public static string? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return Find(V4, address);
        }
        if (Nat64.Contains(address))
        {
            return Embedded(address, 12, "NAT64");
        }
        if (Find(V6, address) is { } name)
        {
            return name;
        }
        if (!GlobalUnicast.Contains(address))
        {
            return "reserved";
        }
        return SixToFour.Contains(address) ? Embedded(address, 2, "6to4") : null;
    }

    /// <summary>Loopback once IPv4-mapped forms are unwrapped: 127.0.0.0/8 or ::1, the only range `AllowLoopback` opens.</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static string? Embedded(IPAddress address, int offset, string form)
    {
        var embedded = new IPAddress(address.GetAddressBytes().AsSpan(offset, 4));
        return Find(V4, embedded) is { } name ? $"{name}, embedded in {form}" : null;
    }

    private static string? Find((IPNetwork Network, string Name)[] table, IPAddress address)
    {
        foreach (var (network, name) in table)
        {
            if (network.Contains(address))
            {
                return name;
            }
        }
        return null;
    }

    private static (IPNetwork, string)[] Table(params (string Cidr, string Name)[] rows) =>
        [.. rows.Select(r => (IPNetwork.Parse(r.Cidr), r.Name))];
}
