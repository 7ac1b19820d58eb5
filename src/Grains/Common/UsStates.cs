namespace Insure.Grains;

/// <summary>
/// The two-letter USPS codes of the places US producers are licensed in: the 50 states, the District of Columbia and
/// the five inhabited territories, each with its own insurance regulator.
/// </summary>
internal static class UsStates
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
        "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "AS", "GU", "MP", "PR", "VI",
    };

    /// <summary>True for an upper-case code such as `TX`.</summary>
    public static bool IsCode(string? code) => code is not null && Codes.Contains(code);
}
