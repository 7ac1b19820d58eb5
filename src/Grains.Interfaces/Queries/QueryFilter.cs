namespace Insure.Grains.Queries;

/// <summary>
/// Equality filters on tags, an exclusive creation-time range, inclusive ranges over tag values, and a case-insensitive
/// substring search in one tag.
/// </summary>
public sealed record QueryFilter(
    IReadOnlyDictionary<string, string>? Tags = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    IReadOnlyList<TagRange>? Ranges = null,
    TagSearch? Search = null)
{
    public static readonly QueryFilter None = new();
}
