namespace Insure.Grains;

/// <summary>The checks every text field gets, with one wording: present, no longer than its limit, and storable.</summary>
internal static class TextRules
{
    /// <summary>Missing or blank -> `required`; longer than <paramref name="maxLength"/> -> `max_length`; else null.</summary>
    public static RuleViolation? Required(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? RuleViolation.Invalid(field, "required", $"Missing required field: {field}") : AtMost(value, field, maxLength);

    /// <summary>
    /// Longer than <paramref name="maxLength"/> -> `max_length`; holding a NUL character -> `format` (PostgreSQL's text
    /// and jsonb cannot store one, so it would be accepted here and fail when written); else null.
    /// </summary>
    public static RuleViolation? AtMost(string? value, string field, int maxLength) => value switch
    {
        { } text when text.Length > maxLength => RuleViolation.Invalid(field, "max_length", $"{field} must be at most {maxLength} characters"),
        { } text when text.Contains('\0') => RuleViolation.Invalid(field, "format", $"{field} must not contain the NUL character (\\u0000)"),
        _ => null,
    };
}
