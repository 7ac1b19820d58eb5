namespace Insure.Grains;

/// <summary>A decision as asked for: one of <see cref="ReferralDecisions"/>, with the underwriter's notes.</summary>
[GenerateSerializer, Immutable, Alias("insure.new-referral-decision")]
public sealed record NewReferralDecision([property: Id(0)] string? Decision, [property: Id(1)] string? Notes, [property: Id(2)] Actor By);
