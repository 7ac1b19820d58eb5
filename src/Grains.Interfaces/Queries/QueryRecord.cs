namespace Insure.Grains.Queries;

/// <summary>One summary: <see cref="Document"/> is JSON; <see cref="Tags"/> are the exact-match filter values.</summary>
public sealed record QueryRecord(
    string Kind,
    string Tenant,
    string Id,
    DateTimeOffset CreatedAt,
    long Version,
    IReadOnlyDictionary<string, string> Tags,
    string Document);
