using System.Globalization;

namespace Insure.Grains.Products;

/// <summary>Product inputs travel and are stored as canonical text: numbers invariant and without trailing zeros.</summary>
public static class InputValues
{
    /// <summary>So 1000000.00 and "1000000" both match a plan's 1000000.</summary>
    public static string? Canonical(decimal? value) =>
        value is { } number ? (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// A value sent as text for an input of <paramref name="type"/> (a plan's `number`, `integer`, ...): a number takes the
    /// canonical form ("05" and "+5.0" are "5"), so it matches a table key and compares equal to the same number sent as one.
    /// </summary>
    public static string Canonical(string type, string raw) =>
        type is "number" or "integer" && decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? Canonical(number)!
            : raw;
}
