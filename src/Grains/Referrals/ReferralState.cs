using Insure.Grains.Events;

namespace Insure.Grains.Referrals;

/// <summary>A referral as stored: what it is about, its decisions, and the instructions its changes still owe other grains.</summary>
[GenerateSerializer, Alias("insure.ReferralState")]
public sealed class ReferralState : IOutboxState
{
    [Id(0)] public string EntityType { get; set; } = "";
    [Id(1)] public string EntityId { get; set; } = "";
    [Id(2)] public string Reason { get; set; } = "";
    [Id(3)] public string Status { get; set; } = ReferralStatuses.Open;
    [Id(4)] public string? DealRoomId { get; set; }
    [Id(5)] public string? AssignedTo { get; set; }
    [Id(6)] public List<ReferralDecision> Decisions { get; set; } = [];
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public Actor? CreatedBy { get; set; }
    [Id(10)] public long Version { get; set; }
    [Id(11)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>Instructions stored with the change that raised them and not yet known to be delivered, in order.</summary>
    [Id(12)] public List<ReferralInstruction> Pending { get; set; } = [];
}
