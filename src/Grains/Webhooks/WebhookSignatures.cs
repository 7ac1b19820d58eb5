using System.Security.Cryptography;
using System.Text;

namespace Insure.Grains.Webhooks;

/// <summary>The headers that let a receiver check a delivery came from us, unchanged, and recently.</summary>
internal static class WebhookSignatures
{
    public const string Signature = "X-Insure-Signature";
    public const string TimestampedSignature = "X-Insure-Signature-256";
    public const string EventId = "X-Insure-Event-Id";
    public const string DeliveryId = "X-Insure-Delivery-Id";
    public const string UserAgent = "Insure-Webhooks/1.0";

    /// <summary>
    /// <paramref name="secrets"/> are the secrets in force, newest first. `X-Insure-Signature` is the seed's scheme,
    /// `sha256=` and the HMAC of the body; it holds one value, so during a rotation's overlap it is made with the previous
    /// secret, the one a receiver that has not switched yet still holds. `X-Insure-Signature-256` signs "{t}.{body}",
    /// so a receiver can refuse old replays, with one `v1` per secret in force.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Headers(
        string body, IReadOnlyList<string> secrets, DateTimeOffset at, string eventId, string deliveryId)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var t = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var timestamped = Encoding.UTF8.GetBytes($"{t}.").Concat(bytes).ToArray();
        var versions = string.Concat(secrets.Select(secret => ",v1=" + Hex(secret, timestamped)));
        return new Dictionary<string, string>
        {
            [Signature] = "sha256=" + Hex(secrets[^1], bytes),
            [TimestampedSignature] = $"t={t}{versions}",
            [EventId] = eventId,
            [DeliveryId] = deliveryId,
            ["User-Agent"] = UserAgent,
        };
    }

    private static string Hex(string secret, byte[] message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
}
