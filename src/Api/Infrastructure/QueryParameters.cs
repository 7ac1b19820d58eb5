using System.Globalization;

namespace Insure.Api.Infrastructure;

public static class QueryParameters
{
    /// <summary>Exact-match filters from the query string, for the parameters that are present and non-empty.</summary>
    public static IReadOnlyDictionary<string, string>? Tags(HttpRequest request, params string[] names)
    {
        var tags = names
            .Select(n => (Name: n, Value: request.Query[n].ToString()))
            .Where(t => t.Value.Length > 0)
            .ToDictionary(t => t.Name, t => t.Value);
        return tags.Count > 0 ? tags : null;
    }

    /// <summary>
    /// Refuses a filter that can only match one of <paramref name="allowed"/> when it names anything else: a mistake
    /// worth a 400, not an empty list.
    /// </summary>
    public static void OneOf(HttpRequest request, string name, IReadOnlyCollection<string> allowed)
    {
        if (request.Query[name].ToString() is { Length: > 0 } value && !allowed.Contains(value))
        {
            throw ApiException.Validation(name, "enum", $"{name} must be one of {string.Join(", ", allowed)}");
        }
    }

    /// <summary>An optional `YYYY-MM-DD` date from the query string.</summary>
    public static DateOnly? Date(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(values.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw ApiException.Validation(name, "format", $"{name} must be a date such as 2026-11-22");
        }
        return value;
    }

    /// <summary>An optional ISO 8601 timestamp (or date, taken as midnight UTC) from the query string.</summary>
    public static DateTimeOffset? Timestamp(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(values.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw ApiException.Validation(name, "format", $"{name} must be an ISO 8601 timestamp such as 2026-11-22T10:00:00Z");
        }
        return value;
    }
}
