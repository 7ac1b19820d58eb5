namespace Insure.Grains;

/// <summary>The two checks every text field gets, with one wording: present, and no longer than its limit.</summary>
internal static class TextRules
{
    /// <summary>Missing or blank -> `required`; longer than <paramref name="maxLength"/> -> `max_length`; else null.</summary>
    public static RuleViolation? Required(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? RuleViolation.Invalid(field, "required", $"Missing required field: {field}") : AtMost(value, field, maxLength);

    /// <summary>Longer than <paramref name="maxLength"/> -> `max_length`; absent or short enough -> null.</summary>
    public static RuleViolation? AtMost(string? value, string field, int maxLength) =>
        value is { } text && text.Length > maxLength
            ? RuleViolation.Invalid(field, "max_length", $"{field} must be at most {maxLength} characters")
            : null;
}
