using System.Net;
using System.Net.Sockets;
using Insure.Grains.Hosting;
using Insure.Grains.Webhooks;

namespace Insure.Grains.Tests.Webhooks;

public sealed class WebhookAddressCheckTests
{
    private static readonly WebhookSettings Strict = new();

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolves(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    [Fact]
    public async Task HostResolvingToPublicAddresses_IsAccepted()
    {
        var asked = new List<string>();
        var decision = await WebhookAddressCheck.Check("https://Hooks.Example.com./in", Strict, (host, _) =>
        {
            asked.Add(host);
            return Task.FromResult(new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946") });
        });
        Assert.Null(decision.Violation);
        Assert.Equal(["hooks.example.com"], asked);
    }

    [Fact]
    public async Task HostResolvingToAPrivateAddress_IsRefused_NamingHostAndAddress()
    {
        var decision = await WebhookAddressCheck.Check("https://hooks.example.com/in", Strict, Resolves("10.0.0.1"));
        var violation = AssertRefused(decision, "address");
        Assert.Equal("url host hooks.example.com resolves to an address webhooks may not reach (private)", violation.Message);
        Assert.DoesNotContain("10.0.0.1", violation.Message);
    }

    [Fact]
    public async Task OneRefusedAddressAmongPublicOnes_RefusesTheHost()
    {
        var decision = await WebhookAddressCheck.Check("https://hooks.example.com/in", Strict, Resolves("93.184.216.34", "::ffff:169.254.169.254"));
        Assert.Equal("url host hooks.example.com resolves to an address webhooks may not reach (link-local)", AssertRefused(decision, "address").Message);
    }

    [Fact]
    public async Task HostThatDoesNotResolve_IsRefused()
    {
        Func<string, CancellationToken, Task<IPAddress[]>> notFound = (_, _) => throw new SocketException((int)SocketError.HostNotFound);
        var violation = AssertRefused(await WebhookAddressCheck.Check("https://nowhere.example/in", Strict, notFound), "resolves");
        Assert.Equal("url host nowhere.example does not resolve to an address", violation.Message);
        AssertRefused(await WebhookAddressCheck.Check("https://empty.example/in", Strict, Resolves()), "resolves");
    }

    [Fact]
    public async Task IpLiteral_IsNotResolved()
    {
        Func<string, CancellationToken, Task<IPAddress[]>> fail = (host, _) => throw new InvalidOperationException($"resolved {host}");
        Assert.Null((await WebhookAddressCheck.Check("https://8.8.8.8/in", Strict, fail)).Violation);
        AssertRefused(await WebhookAddressCheck.Check("https://0x7f.1/in", Strict, fail), "address");
    }

    [Fact]
    public async Task PlainHttpUnderAllowLoopback_MustResolveToLoopback()
    {
        var settings = new WebhookSettings { AllowLoopback = true };
        Assert.Null((await WebhookAddressCheck.Check("http://dev.example:8080/in", settings, Resolves("127.0.0.1", "::1"))).Violation);
        var violation = AssertRefused(await WebhookAddressCheck.Check("http://dev.example:8080/in", settings, Resolves("93.184.216.34")), "address");
        Assert.Contains("over plain http", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Localhost_ThroughRealDns_IsLoopback()
    {
        var violation = AssertRefused(await WebhookAddressCheck.Check("https://localhost/in", Strict), "address");
        Assert.Contains("(loopback)", violation.Message, StringComparison.Ordinal);
        Assert.Null((await WebhookAddressCheck.Check("http://localhost:5000/in", new WebhookSettings { AllowLoopback = true })).Violation);
    }

    // With InvariantGlobalization, IDN mapping does not fold fullwidth digits, so "１２７.0.0.1" is a DNS name
    // (punycode) rather than an address; whatever it resolves to is checked like any other name.
    [Fact]
    public async Task FullwidthDigits_AreLookedUpAsAName_AndTheAnswerIsChecked()
    {
        var asked = new List<string>();
        var decision = await WebhookAddressCheck.Check("https://１２７.0.0.1/in", Strict, (host, _) =>
        {
            asked.Add(host);
            return Task.FromResult(new[] { IPAddress.Loopback });
        });
        AssertRefused(decision, "address");
        Assert.Equal(["xn--8g7ccp.0.0.1"], asked);
    }

    [Fact]
    public async Task FormViolations_ComeBeforeAnyLookup()
    {
        Func<string, CancellationToken, Task<IPAddress[]>> fail = (host, _) => throw new InvalidOperationException($"resolved {host}");
        AssertRefused(await WebhookAddressCheck.Check("https://user:pw@hooks.example.com/", Strict, fail), "credentials");
    }

    private static RuleViolation AssertRefused(Decision<Uri> decision, string rule)
    {
        var violation = Assert.IsType<RuleViolation>(decision.Violation);
        Assert.Equal(ErrorCodes.ValidationFailed, violation.Code);
        Assert.Equal(rule, violation.Details!["rule"]);
        return violation;
    }
}
