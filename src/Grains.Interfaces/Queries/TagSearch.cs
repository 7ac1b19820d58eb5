namespace Insure.Grains.Queries;

/// <summary>
/// Matches records whose tag <see cref="Tag"/> contains <see cref="Text"/>, ignoring case: the writer stores that tag
/// lower-cased (invariant culture) and the store lower-cases <see cref="Text"/> the same way before comparing ordinally.
/// A record without the tag does not match.
/// </summary>
public sealed record TagSearch(string Tag, string Text);
