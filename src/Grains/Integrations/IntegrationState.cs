using Insure.Grains.Events;

namespace Insure.Grains.Integrations;

/// <summary>An integration as stored: only its key's hash, the key generation, its scopes and the agencies it reaches.</summary>
[GenerateSerializer, Alias("insure.IntegrationState")]
public sealed class IntegrationState : IOutboxState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string[] Scopes { get; set; } = [];
    [Id(2)] public byte[] SecretHash { get; set; } = [];
    [Id(3)] public string Last4 { get; set; } = "";
    /// <summary>Moves on with every key rotation; tokens carry the one they were made under.</summary>
    [Id(4)] public long KeyGeneration { get; set; }
    [Id(5)] public List<IntegrationAgency> Agencies { get; set; } = [];
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(8)] public DateTimeOffset? KeyRotatedAt { get; set; }
    [Id(9)] public Actor? CreatedBy { get; set; }
    [Id(10)] public long Version { get; set; }
    [Id(11)] public List<DomainEvent> Outbox { get; set; } = [];
}
