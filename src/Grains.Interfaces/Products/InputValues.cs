using System.Globalization;

namespace Insure.Grains.Products;

/// <summary>Product inputs travel and are stored as canonical text: numbers invariant and without trailing zeros.</summary>
public static class InputValues
{
    /// <summary>So 1000000.00 and "1000000" both match a plan's 1000000.</summary>
    public static string? Canonical(decimal? value) =>
        value is { } number ? (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : null;
}
