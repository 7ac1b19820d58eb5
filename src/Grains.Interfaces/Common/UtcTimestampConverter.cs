using System.Text.Json;
using System.Text.Json.Serialization;

namespace Insure.Grains;

/// <summary>Timestamps on the wire: ISO 8601 in UTC with a `Z` (`2026-11-22T15:43:44.1086437Z`).</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime);
}
