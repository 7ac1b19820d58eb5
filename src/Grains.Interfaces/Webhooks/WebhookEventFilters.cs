namespace Insure.Grains;

/// <summary>
/// Event filters of a subscription: an exact type (`policy.bound`), every type of a resource (`policy.*`) or every
/// type (`*`). Only filters that can match something the platform emits are accepted, so a typo is refused, not silent.
/// </summary>
public static class WebhookEventFilters
{
    public const int MaxFilters = 100;

    /// <summary>The first filter that cannot match any emitted type (or a missing list), or null when all are valid.</summary>
    public static RuleViolation? Check(string[]? filters)
    {
        if (filters is null || filters.Length == 0)
        {
            return RuleViolation.Invalid("events", "required", "events must list at least one event type, a wildcard such as policy.* or *");
        }
        if (filters.Length > MaxFilters)
        {
            return RuleViolation.Invalid("events", "max_items", $"events may list at most {MaxFilters} filters");
        }
        foreach (var filter in filters)
        {
            if (filter is null || !EventTypes.All.Keys.Any(type => Matches(filter, type)))
            {
                return RuleViolation.Invalid("events", "unknown_event_type",
                    $"'{filter}' is not an event type the platform emits (see GET /v1/webhooks/event-types), nor a wildcard such as policy.* or *");
            }
        }
        return null;
    }

    /// <summary>The filters without repeats, in the order given.</summary>
    public static string[] Normalize(string[] filters) => filters.Distinct(StringComparer.Ordinal).ToArray();

    public static bool Matches(IEnumerable<string> filters, string type) => filters.Any(filter => Matches(filter, type));

    private static bool Matches(string filter, string type) =>
        filter == "*"
        || filter == type
        || (filter.EndsWith(".*", StringComparison.Ordinal) && filter.Length > 2
            && type.Length > filter.Length - 1 && type.StartsWith(filter[..^1], StringComparison.Ordinal));
}
