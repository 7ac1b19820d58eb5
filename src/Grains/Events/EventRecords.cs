using System.Text;
using System.Text.Json;
using Insure.Grains.Queries;

namespace Insure.Grains.Events;

/// <summary>Builds domain events and the query records that store them.</summary>
public static class EventRecords
{
    public static DomainEvent Create<T>(Tenant tenant, string type, T data, TimeProvider time) =>
        new(Ids.New("evt", time), type, tenant.OrgId, tenant.Environment, time.GetUtcNow(), InsureJson.Serialize(data));

    /// <summary>The event as integrators receive it: `{"id","type","orgId","environment","timestamp","data"}`.</summary>
    public static string ToPayload(DomainEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", e.Id);
            writer.WriteString("object", "event");
            writer.WriteString("type", e.Type);
            writer.WriteString("orgId", e.OrgId);
            writer.WriteString("environment", e.Environment);
            writer.WriteString("timestamp", e.Timestamp.UtcDateTime);
            writer.WritePropertyName("data");
            writer.WriteRawValue(e.Data);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The event back from its payload (as <see cref="ToPayload"/> wrote it, e.g. read from the event log).</summary>
    public static DomainEvent FromPayload(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        return new DomainEvent(
            root.GetProperty("id").GetString()!,
            root.GetProperty("type").GetString()!,
            root.GetProperty("orgId").GetString()!,
            root.GetProperty("environment").GetString()!,
            root.GetProperty("timestamp").GetDateTimeOffset(),
            root.GetProperty("data").GetRawText());
    }

    public static QueryRecord ToRecord(DomainEvent e) => new(
        QueryKinds.Event,
        new Tenant(e.OrgId, e.Environment).ToString(),
        e.Id,
        e.Timestamp,
        0,
        new Dictionary<string, string> { ["type"] = e.Type },
        ToPayload(e));
}
