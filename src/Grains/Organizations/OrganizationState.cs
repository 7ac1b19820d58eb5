using Insure.Grains.Events;

namespace Insure.Grains.Organizations;

/// <summary>An organization as stored: its profile, and the keys that count against its cap of live keys.</summary>
[GenerateSerializer, Alias("insure.OrganizationState")]
public sealed class OrganizationState : IOutboxState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Tier { get; set; } = OrganizationTiers.Standard;
    [Id(2)] public bool LiveApproved { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public Actor? CreatedBy { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public long Version { get; set; }
    [Id(7)] public List<DomainEvent> Outbox { get; set; } = [];
    [Id(8)] public string Status { get; set; } = OrganizationStatuses.Active;
    /// <summary>The keys that count against the cap of live keys per environment; expired ones are pruned on the next reservation.</summary>
    [Id(9)] public List<LiveKey> LiveKeys { get; set; } = [];

    [GenerateSerializer, Alias("insure.OrganizationState.LiveKey")]
    public sealed record LiveKey([property: Id(0)] string Environment, [property: Id(1)] string KeyId, [property: Id(2)] DateTimeOffset? ExpiresAt);
}
