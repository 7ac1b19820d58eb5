namespace Insure.Grains;

/// <summary>One entry of a policy's timeline: who did what, when, effective when, and what it did to the premium.</summary>
[GenerateSerializer, Immutable, Alias("insure.policy-transaction")]
public sealed record PolicyTransaction(
    [property: Id(0)] string Type,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] Actor By,
    [property: Id(3)] DateOnly EffectiveDate,
    [property: Id(4)] decimal PremiumEffect,
    [property: Id(5)] decimal TaxesEffect,
    [property: Id(6)] int VersionNumber,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? RelatedPolicyId,
    [property: Id(9)] decimal FeesEffect = 0);
