using Insure.Grains.Events;

namespace Insure.Grains.Webhooks;

/// <summary>A subscription as stored, with the secrets that sign its deliveries (they must be readable to sign).</summary>
[GenerateSerializer, Alias("insure.WebhookEndpointState")]
public sealed class WebhookEndpointState : IOutboxState
{
    [Id(0)] public string Url { get; set; } = "";
    [Id(1)] public string[] Events { get; set; } = [];
    [Id(2)] public string? Description { get; set; }
    [Id(3)] public bool Enabled { get; set; }
    [Id(4)] public string Secret { get; set; } = "";
    [Id(5)] public string? PreviousSecret { get; set; }
    [Id(6)] public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public Actor? CreatedBy { get; set; }
    [Id(10)] public DateTimeOffset? DeletedAt { get; set; }
    [Id(11)] public DateTimeOffset? DisabledAt { get; set; }
    [Id(12)] public string? DisabledReason { get; set; }
    /// <summary>When the current run of failed attempts began (null after a success).</summary>
    [Id(13)] public DateTimeOffset? FailingSince { get; set; }
    /// <summary>The tenant's dispatcher has not yet been told of the latest filters or status (an instruction in the outbox).</summary>
    [Id(14)] public bool DispatcherStale { get; set; }
    [Id(15)] public long Version { get; set; }
    [Id(16)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>The tenant's event-log position when the subscription was created or last enabled: it takes the events after it.</summary>
    [Id(17)] public long StartPosition { get; set; }
}
