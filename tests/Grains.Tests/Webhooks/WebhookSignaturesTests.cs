using System.Security.Cryptography;
using System.Text;
using Insure.Grains.Webhooks;

namespace Insure.Grains.Tests.Webhooks;

public sealed class WebhookSignaturesTests
{
    private const string Body = "{\"id\":\"evt_1\",\"type\":\"policy.bound\"}";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000);

    private static string Hmac(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));

    [Fact]
    public void OneSecret_SignsBothHeaders()
    {
        var headers = WebhookSignatures.Headers(Body, ["whsec_a"], At, "evt_1", "dlv_1");
        Assert.Equal("sha256=" + Hmac("whsec_a", Body), headers["X-Insure-Signature"]);
        Assert.Equal($"t=1780000000,v1={Hmac("whsec_a", "1780000000." + Body)}", headers["X-Insure-Signature-256"]);
        Assert.Equal("evt_1", headers["X-Insure-Event-Id"]);
        Assert.Equal("dlv_1", headers["X-Insure-Delivery-Id"]);
    }

    [Fact]
    public void DuringAnOverlap_EachSecretGetsAV1_AndTheSeedHeaderKeepsThePreviousSecret()
    {
        var headers = WebhookSignatures.Headers(Body, ["whsec_new", "whsec_old"], At, "evt_1", "dlv_1");
        Assert.Equal("sha256=" + Hmac("whsec_old", Body), headers["X-Insure-Signature"]);
        Assert.Equal($"t=1780000000,v1={Hmac("whsec_new", "1780000000." + Body)},v1={Hmac("whsec_old", "1780000000." + Body)}",
            headers["X-Insure-Signature-256"]);
    }
}
