namespace Insure.Grains;

/// <summary>A decision recorded on a referral.</summary>
[GenerateSerializer, Immutable, Alias("insure.referral-decision")]
public sealed record ReferralDecision(
    [property: Id(0)] string Decision,
    [property: Id(1)] string? Notes,
    [property: Id(2)] DateTimeOffset DecidedAt,
    [property: Id(3)] Actor DecidedBy);
