using Insure.Grains.Events;

namespace Insure.Grains.Policyholders;

/// <summary>A policyholder as stored.</summary>
[GenerateSerializer, Alias("insure.PolicyholderState")]
public sealed class PolicyholderState : IOutboxState
{
    [Id(0)] public PolicyholderDetails? Details { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(3)] public Actor? CreatedBy { get; set; }
    [Id(4)] public long Version { get; set; }
    [Id(5)] public List<DomainEvent> Outbox { get; set; } = [];
}
