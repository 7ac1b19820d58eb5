using Insure.Grains.Events;

namespace Insure.Grains.Producers;

/// <summary>A producer as stored: its profile, status, licenses and appointments.</summary>
[GenerateSerializer, Alias("insure.ProducerState")]
public sealed class ProducerState : IOutboxState
{
    [Id(0)] public string Type { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string? Email { get; set; }
    [Id(3)] public string? Npn { get; set; }
    /// <summary>An agent's agency (`prd_`); null for an agency. Never changes.</summary>
    [Id(4)] public string? AgencyId { get; set; }
    [Id(5)] public string? PartnerAgencyId { get; set; }
    [Id(6)] public string Status { get; set; } = ProducerStatuses.Active;
    /// <summary>At most one license per state, as the last create or PATCH sent them.</summary>
    [Id(7)] public List<ProducerLicense> Licenses { get; set; } = [];
    /// <summary>Every appointment ever made, in the order made; terminated ones stay.</summary>
    [Id(8)] public List<ProducerAppointment> Appointments { get; set; } = [];
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(11)] public Actor? CreatedBy { get; set; }
    [Id(12)] public long Version { get; set; }
    [Id(13)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>
    /// The status change its agency's token grain has not yet acknowledged (only the latest matters), stored with the
    /// change and delivered from the outbox.
    /// </summary>
    [Id(14)] public ProducerStanding? UnsentStanding { get; set; }
}
