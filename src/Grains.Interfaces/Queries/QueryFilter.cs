namespace Insure.Grains.Queries;

/// <summary>Equality filters on tags, an exclusive creation-time range, and inclusive ranges over tag values.</summary>
public sealed record QueryFilter(
    IReadOnlyDictionary<string, string>? Tags = null,
    DateTimeOffset? CreatedAfter = null,
    DateTimeOffset? CreatedBefore = null,
    IReadOnlyList<TagRange>? Ranges = null)
{
    public static readonly QueryFilter None = new();
}
