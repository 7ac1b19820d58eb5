using Insure.Grains.Events;

namespace Insure.Grains.AgencyTokens;

/// <summary>An agency's token generation and its latest revocation.</summary>
[GenerateSerializer, Alias("insure.AgencyTokensState")]
public sealed class AgencyTokensState : IOutboxState
{
    [Id(0)] public long Generation { get; set; }
    [Id(1)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(2)] public Actor? RevokedBy { get; set; }
    [Id(3)] public long Version { get; set; }
    [Id(4)] public List<DomainEvent> Outbox { get; set; } = [];
}
