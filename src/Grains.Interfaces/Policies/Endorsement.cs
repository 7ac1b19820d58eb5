namespace Insure.Grains;

/// <summary>
/// A mid-term change: new values for product inputs (and `insuredName`), effective on a date; <see cref="ReferralId"/>
/// names an approved referral on the policy that covers changes underwriting must review.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.endorsement")]
public sealed record Endorsement(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] Dictionary<string, string> Changes,
    [property: Id(2)] string? InsuredName,
    [property: Id(3)] string Reason,
    [property: Id(4)] Actor By,
    [property: Id(5)] string? ReferralId = null);
