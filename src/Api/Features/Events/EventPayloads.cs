using System.Text.Json;
using Insure.Grains;

namespace Insure.Api.Features.Events;

/// <summary>
/// The body a webhook delivery carries: the event exactly as `GET /v1/events/{id}` shows it, its data rendered by the
/// feature's own mapping. Registered in every silo (embedded, or a Silo process), where deliveries are made.
/// </summary>
public sealed class EventPayloads : IEventRenderer
{
    public string Render(DomainEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        var dto = new EventDto(e.Id, "event", e.Type, e.OrgId, e.Environment, e.Timestamp, EventData.Render(e.Type, data.RootElement, e.Timestamp));
        return JsonSerializer.Serialize(dto, InsureJson.Options);
    }
}
