using System.Text.Json;
using Insure.Grains.Products;

namespace Insure.Api.Infrastructure;

/// <summary>Product inputs travel as canonical text: strings as they are, numbers invariant without trailing zeros, booleans as true/false.</summary>
public static class JsonValues
{
    public static string Canonical(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetDecimal(out var number) => InputValues.Canonical(number)!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw ApiException.Validation(field, "type", $"{field} must be a string, number or boolean"),
    };
}
