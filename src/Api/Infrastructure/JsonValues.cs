using System.Globalization;
using System.Text.Json;

namespace Insure.Api.Infrastructure;

/// <summary>Product inputs travel as canonical text: strings as they are, numbers invariant without trailing zeros, booleans as true/false.</summary>
public static class JsonValues
{
    public static string Canonical(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetDecimal(out var number) => Canonical(number)!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw ApiException.Validation(field, "type", $"{field} must be a string, number or boolean"),
    };

    /// <summary>So 1000000.00 matches a plan's 1000000.</summary>
    public static string? Canonical(decimal? value) =>
        value is { } number ? (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : null;
}
