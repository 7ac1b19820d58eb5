namespace Insure.Grains.Billing;

/// <summary>
/// Converts amounts between major units (what Insure stores) and the minor units card gateways take, following
/// Stripe's currency rules, so the sandbox refuses exactly the amounts Stripe would.
/// </summary>
internal static class GatewayAmounts
{
    // Stripe's zero-decimal currencies: an amount of 500 means 500 JPY, not 5.00.
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.Ordinal)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    // Three minor digits, but Stripe's card partners need the last one to be 0, so amounts reach it with two decimals.
    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.Ordinal) { "BHD", "JOD", "KWD", "OMR", "TND" };

    // Stripe keeps ISK two-decimal on the wire for compatibility but only takes whole krónur (multiples of 100).
    private const string WholeUnitsOnTwoDecimals = "ISK";

    /// <summary>The currency as Insure writes it (upper-case ISO 4217); throws when it is not three ASCII letters.</summary>
    public static string Currency(string? currency, string paramName = "currency")
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"Currency must be a three-letter ISO 4217 code such as USD; it is '{currency}'", paramName);
        }
        return currency.ToUpperInvariant();
    }

    /// <summary>Digits after the decimal point in the gateway's minor unit (0 for JPY, 2 for USD, 3 for KWD).</summary>
    public static int Exponent(string currency)
    {
        var code = Currency(currency);
        return ZeroDecimal.Contains(code) ? 0 : ThreeDecimal.Contains(code) ? 3 : 2;
    }

    /// <summary>
    /// A positive major-unit amount in minor units. Refuses (never rounds) an amount the currency cannot carry:
    /// money is not silently moved by a conversion.
    /// </summary>
    public static long ToMinor(decimal amount, string currency, string paramName = "amount")
    {
        var code = Currency(currency);
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, amount, $"Amount must be greater than zero; it is {amount} {code}");
        }
        var exponent = Exponent(code);
        var scaled = amount * Pow10(exponent);
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException(
                $"{amount} {code} has more decimals than {code} allows ({exponent})", paramName);
        }
        if (ThreeDecimal.Contains(code) && scaled % 10 != 0)
        {
            throw new ArgumentException(
                $"{amount} {code}: card payments in {code} take at most two decimals (Stripe needs the third to be 0)", paramName);
        }
        if (code == WholeUnitsOnTwoDecimals && scaled % 100 != 0)
        {
            throw new ArgumentException($"{amount} {code}: card payments in {code} take whole units only", paramName);
        }
        if (scaled > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName, amount, $"{amount} {code} is too large for a card payment");
        }
        return (long)scaled;
    }

    /// <summary>A minor-unit amount back in major units.</summary>
    public static decimal FromMinor(long minor, string currency) => minor / Pow10(Exponent(currency));

    private static decimal Pow10(int exponent) => exponent switch
    {
        0 => 1m,
        2 => 100m,
        _ => 1000m,
    };
}
