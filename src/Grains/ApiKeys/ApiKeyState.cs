using Insure.Grains.Events;

namespace Insure.Grains.ApiKeys;

/// <summary>An API key as stored: only the secret's hash, its scopes, expiry, revocation and the keys it created.</summary>
[GenerateSerializer, Alias("insure.ApiKeyState")]
public sealed class ApiKeyState : IOutboxState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string[] Scopes { get; set; } = [];
    [Id(2)] public byte[] SecretHash { get; set; } = [];
    [Id(3)] public string Last4 { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? ExpiresAt { get; set; }
    [Id(6)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(7)] public Actor? CreatedBy { get; set; }
    [Id(8)] public Actor? RevokedBy { get; set; }
    [Id(9)] public long Version { get; set; }
    [Id(10)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>Keys this key created: revoking this key revokes them.</summary>
    [Id(11)] public List<string> Children { get; set; } = [];
}
