using Insure.Grains.Hosting;
using Insure.Grains.Webhooks;

namespace Insure.Grains.Tests.Webhooks;

public sealed class WebhookUrlRulesTests
{
    private static readonly WebhookSettings Strict = new();
    private static readonly WebhookSettings Loopback = new() { AllowLoopback = true };
    private static readonly WebhookSettings Http = new() { AllowHttp = true };

    [Theory]
    [InlineData("https://example.com/webhooks", "https://example.com/webhooks")]
    [InlineData("HTTPS://Example.COM/hooks?tenant=1", "https://example.com/hooks?tenant=1")]
    [InlineData("https://hooks.example.com:8443/in", "https://hooks.example.com:8443/in")]
    [InlineData("https://8.8.8.8/in", "https://8.8.8.8/in")]
    [InlineData("https://[2606:4700:4700::1111]/in", "https://[2606:4700:4700::1111]/in")]
    [InlineData("https://bücher.example/in", "https://bücher.example/in")]
    public void PublicHttpsUrls_AreAccepted(string url, string expected)
    {
        var decision = WebhookUrlRules.Check(url, Strict);
        Assert.Null(decision.Violation);
        Assert.Equal(expected, decision.Facts!.AbsoluteUri);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("example.com/webhooks", "format")]
    [InlineData("/webhooks", "format")]
    [InlineData("https:example.com", "format")]
    [InlineData("https:///webhooks", "format")]
    [InlineData(" https://example.com/", "format")]
    [InlineData("https://example.com/a b", "format")]
    [InlineData("https://example.com/\n", "format")]
    [InlineData("ftp://example.com/", "scheme")]
    [InlineData("file:///etc/passwd", "format")]
    [InlineData("gopher://example.com:70/", "scheme")]
    [InlineData("javascript:alert(1)", "scheme")]
    [InlineData("https://user:secret@example.com/", "credentials")]
    [InlineData("https://user@example.com/", "credentials")]
    [InlineData("https://@example.com/", "credentials")]
    [InlineData("https://example.com/#", "fragment")]
    [InlineData("https://example.com/in#part", "fragment")]
    [InlineData("http://example.com/", "scheme")]
    [InlineData("http://8.8.8.8/", "scheme")]
    public void MalformedOrUnsafeForms_AreRefused(string? url, string rule) =>
        AssertRefused(WebhookUrlRules.Check(url, Strict), rule);

    [Fact]
    public void UrlsLongerThan2048Characters_AreRefused()
    {
        var prefix = "https://example.com/";
        Assert.Null(WebhookUrlRules.Check(prefix + new string('a', 2048 - prefix.Length), Strict).Violation);
        AssertRefused(WebhookUrlRules.Check(prefix + new string('a', 2049 - prefix.Length), Strict), "max_length");
    }

    // Every way of writing a loopback, private or special address that System.Uri normalises: the check sees the
    // normalised address, so none of the spellings slips past as a "hostname".
    [Theory]
    [InlineData("https://127.0.0.1/", "127.0.0.1", "loopback")]
    [InlineData("https://2130706433/", "127.0.0.1", "loopback")]
    [InlineData("https://0177.0.0.1/", "127.0.0.1", "loopback")]
    [InlineData("https://0x7f.0.0.1/", "127.0.0.1", "loopback")]
    [InlineData("https://0x7f000001/", "127.0.0.1", "loopback")]
    [InlineData("https://017700000001/", "127.0.0.1", "loopback")]
    [InlineData("https://127.1/", "127.0.0.1", "loopback")]
    [InlineData("https://0x7f.1/", "127.0.0.1", "loopback")]
    [InlineData("https://127.0.0.1./", "127.0.0.1", "loopback")]
    [InlineData("https://127。0。0。1/", "127.0.0.1", "loopback")]
    [InlineData("https://[::1]/", "::1", "loopback")]
    [InlineData("https://[0:0:0:0:0:0:0:1]/", "::1", "loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/", "127.0.0.1", "loopback")]
    [InlineData("https://[::ffff:7f00:1]/", "127.0.0.1", "loopback")]
    [InlineData("https://[::ffff:10.0.0.1]/", "10.0.0.1", "private")]
    [InlineData("https://10.1.2.3/", "10.1.2.3", "private")]
    [InlineData("https://167772161/", "10.0.0.1", "private")]
    [InlineData("https://172.16.0.1/", "172.16.0.1", "private")]
    [InlineData("https://172.31.255.255/", "172.31.255.255", "private")]
    [InlineData("https://192.168.1.1/", "192.168.1.1", "private")]
    [InlineData("https://0xc0.0xa8.1.1/", "192.168.1.1", "private")]
    [InlineData("https://100.64.0.1/", "100.64.0.1", "carrier-grade NAT")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "169.254.169.254", "link-local")]
    [InlineData("https://0.0.0.0/", "0.0.0.0", "unspecified")]
    [InlineData("https://0/", "0.0.0.0", "unspecified")]
    [InlineData("https://[::]/", "::", "unspecified")]
    [InlineData("https://224.0.0.1/", "224.0.0.1", "multicast")]
    [InlineData("https://255.255.255.255/", "255.255.255.255", "broadcast")]
    [InlineData("https://4294967295/", "255.255.255.255", "broadcast")]
    [InlineData("https://240.0.0.1/", "240.0.0.1", "reserved")]
    [InlineData("https://192.0.0.8/", "192.0.0.8", "IETF protocol assignment")]
    [InlineData("https://198.18.0.1/", "198.18.0.1", "benchmarking")]
    [InlineData("https://192.0.2.10/", "192.0.2.10", "documentation")]
    [InlineData("https://[fe80::1]/", "fe80::1", "link-local")]
    [InlineData("https://[fe80::1%25eth0]/", "fe80::1", "link-local")]
    [InlineData("https://[fd00::1]/", "fd00::1", "unique local")]
    [InlineData("https://[fc00::1]/", "fc00::1", "unique local")]
    [InlineData("https://[ff02::1]/", "ff02::1", "multicast")]
    [InlineData("https://[::127.0.0.1]/", "::127.0.0.1", "reserved")]
    [InlineData("https://[64:ff9b::10.0.0.1]/", "64:ff9b::a00:1", "private, embedded in NAT64")]
    [InlineData("https://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1", "loopback, embedded in NAT64")]
    [InlineData("https://[2002:c0a8:101::1]/", "2002:c0a8:101::1", "private, embedded in 6to4")]
    [InlineData("https://[2002:7f00:1::]/", "2002:7f00:1::", "loopback, embedded in 6to4")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo")]
    [InlineData("https://[2001:db8::1]/", "2001:db8::1", "documentation")]
    public void SpecialAddresses_InAnySpelling_AreRefused(string url, string address, string range)
    {
        var violation = AssertRefused(WebhookUrlRules.Check(url, Strict), "address");
        Assert.Contains($"url points at {address}, which is not a public address", violation.Message, StringComparison.Ordinal);
        Assert.Contains(range, violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hooks")]
    [InlineData("http://127.1:5000/hooks")]
    [InlineData("http://127.20.30.40/")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("https://127.0.0.1/")]
    [InlineData("http://localhost:5000/")]
    public void AllowLoopback_OpensLoopback_OverHttpToo(string url)
    {
        Assert.Null(WebhookUrlRules.Check(url, Loopback).Violation);
        Assert.NotNull(WebhookUrlRules.Check(url, Strict).Violation);
    }

    [Theory]
    [InlineData("https://10.0.0.1/", "private")]
    [InlineData("https://169.254.169.254/", "link-local")]
    [InlineData("https://[fe80::1]/", "link-local")]
    [InlineData("https://0.0.0.0/", "unspecified")]
    [InlineData("https://[::]/", "unspecified")]
    [InlineData("https://[64:ff9b::7f00:1]/", "loopback, embedded in NAT64")]
    [InlineData("https://[2002:7f00:1::]/", "loopback, embedded in 6to4")]
    public void AllowLoopback_KeepsEveryOtherRangeRefused(string url, string range)
    {
        var violation = AssertRefused(WebhookUrlRules.Check(url, Loopback), "address");
        Assert.Contains(range, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowLoopback_DoesNotOpenPlainHttpToPublicAddresses()
    {
        var violation = AssertRefused(WebhookUrlRules.Check("http://8.8.8.8/", Loopback), "address");
        Assert.Contains("plain http", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowHttp_OpensPlainHttpToPublicAddresses_ButNotToSpecialOnes()
    {
        Assert.Null(WebhookUrlRules.Check("http://example.com/in", Http).Violation);
        Assert.Null(WebhookUrlRules.Check("http://8.8.8.8/in", Http).Violation);
        AssertRefused(WebhookUrlRules.Check("http://127.0.0.1/in", Http), "address");
        AssertRefused(WebhookUrlRules.Check("http://192.168.0.10/in", Http), "address");
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("223.255.255.255")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void PublicAddresses_AreAllowed(string address)
    {
        Assert.True(WebhookUrlRules.IsAllowed(System.Net.IPAddress.Parse(address), Strict));
        Assert.Null(SpecialAddresses.Classify(System.Net.IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.255.254", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("169.254.1.1", false)]
    [InlineData("64:ff9b::7f00:1", false)]
    public void IsAllowed_UnderAllowLoopback_IsExactlyLoopback(string address, bool allowed)
    {
        var ip = System.Net.IPAddress.Parse(address);
        Assert.Equal(allowed, WebhookUrlRules.IsAllowed(ip, Loopback));
        Assert.False(WebhookUrlRules.IsAllowed(ip, Strict));
    }

    [Fact]
    public void AHostLongerThanDnsAllows_IsRefusedAsMalformed_NotLeftToTheResolver()
    {
        foreach (var host in new[] { new string('a', 64) + ".example.com", string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) })
        {
            Assert.Equal("format", WebhookUrlRules.Check($"https://{host}/hook", Strict).Violation!.Details!["rule"]);
        }
        Assert.Null(WebhookUrlRules.Check($"https://{new string('c', 63)}.example.com/hook", Strict).Violation);
    }

    private static RuleViolation AssertRefused(Decision<Uri> decision, string rule)
    {
        Assert.Null(decision.Facts);
        var violation = Assert.IsType<RuleViolation>(decision.Violation);
        Assert.Equal(ErrorCodes.ValidationFailed, violation.Code);
        Assert.Equal("url", violation.Details!["field"]);
        Assert.Equal(rule, violation.Details["rule"]);
        return violation;
    }
}
