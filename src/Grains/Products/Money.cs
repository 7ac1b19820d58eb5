namespace Insure.Grains.Products;

/// <summary>The one place amounts are rounded: to the cent, halves away from zero.</summary>
public static class Money
{
    /// <summary>Rounded to the cent and carried with two decimals, so JSON shows 5594.40, not 5594.4.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
