namespace Insure.Grains.Queries;

/// <summary>
/// An inclusive range over a tag's text (ordinal comparison), for tags whose text sorts like its value, such as
/// `yyyy-MM-dd` dates. A record without the tag does not match.
/// </summary>
public sealed record TagRange(string Tag, string? From, string? To);
