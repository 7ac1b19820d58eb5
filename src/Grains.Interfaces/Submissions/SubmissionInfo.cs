namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.submission-info")]
public sealed record SubmissionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Status,
    [property: Id(2)] SubmissionApplication Application,
    [property: Id(3)] Readiness Triage,
    [property: Id(4)] QuoteInfo? Quote,
    [property: Id(5)] string? PolicyId,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] Actor CreatedBy,
    [property: Id(8)] DateTimeOffset UpdatedAt);
