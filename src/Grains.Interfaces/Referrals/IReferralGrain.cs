namespace Insure.Grains;

/// <summary>
/// A referral: a request for an underwriter's decision on a submission, a policy or a claim. Keyed
/// `{orgId}/{environment}/{referralId}`. What a decision means for its entity (a bind or an endorsement allowed, a
/// submission declined) and for its deal room (a system message) is delivered from the referral's outbox.
/// </summary>
[Alias("insure.IReferralGrain")]
public interface IReferralGrain : IGrainWithStringKey
{
    /// <summary>Opens the referral; its entity (and its deal room, if named) must exist in the referral's tenant.</summary>
    [Alias("Create")]
    Task<Outcome<ReferralInfo>> Create(NewReferral request);

    [ReadOnly, Alias("Get")]
    Task<ReferralInfo?> Get();

    /// <summary>Records a decision: approve or reject close the referral, request_info leaves it open.</summary>
    [Alias("Decide")]
    Task<Outcome<ReferralInfo>> Decide(NewReferralDecision decision);

    /// <summary>
    /// Activates the referral, which delivers whatever its outbox still holds (after a silo was lost, say). A submission
    /// or policy refused for want of a decision on a referral it holds as open calls this; one way, as the referral
    /// answers by calling it back.
    /// </summary>
    [OneWay, Alias("Wake")]
    Task Wake();
}
