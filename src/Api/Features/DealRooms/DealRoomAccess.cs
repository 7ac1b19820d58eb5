using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Microsoft.AspNetCore.WebUtilities;

namespace Insure.Api.Features.DealRooms;

/// <summary>
/// Short-lived links into a deal room's live connection: `{payload}.{HMAC-SHA256}` in base64url, the payload naming the
/// tenant, the room, the participant and the expiry. The HMAC key is derived from the server's key-signing secret, so
/// every Api node of a deployment accepts the others' links.
/// </summary>
public sealed class DealRoomAccess(ApiKeySigner signer, [FromKeyedServices(Names.Clock)] TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public (string Token, DateTimeOffset ExpiresAt) Issue(Tenant tenant, string roomId, string participantId)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Grant(tenant.OrgId, tenant.Environment, roomId, participantId, expires.ToUnixTimeSeconds()));
        return ($"{WebEncoders.Base64UrlEncode(payload)}.{WebEncoders.Base64UrlEncode(Sign(payload))}", DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The grant a token carries, when it is authentic, unexpired and for <paramref name="roomId"/>; else null.</summary>
    public Grant? Check(string? token, string roomId)
    {
        var dot = token?.IndexOf('.') ?? -1;
        if (dot <= 0)
        {
            return null;
        }
        try
        {
            var payload = WebEncoders.Base64UrlDecode(token!, 0, dot);
            var signature = WebEncoders.Base64UrlDecode(token!, dot + 1, token!.Length - dot - 1);
            if (!CryptographicOperations.FixedTimeEquals(signature, Sign(payload)))
            {
                return null;
            }
            var grant = JsonSerializer.Deserialize<Grant>(payload);
            return grant is not null && grant.Room == roomId && grant.Expires > clock.GetUtcNow().ToUnixTimeSeconds() ? grant : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(signer.Derive("deal-room-access"), payload);

    public sealed record Grant(string Org, string Env, string Room, string Participant, long Expires)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Tenant Tenant => new(Org, Env);
    }
}
