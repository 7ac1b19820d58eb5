namespace Insure.Grains;

/// <summary>An application for cover, its triage and its quote. Keyed `{orgId}/{environment}/{submissionId}`.</summary>
[Alias("insure.ISubmissionGrain")]
public interface ISubmissionGrain : IGrainWithStringKey, ILeasedRead<SubmissionInfo>
{
    /// <summary>Holds the draft against the product's plan and creates the submission, or says which field breaks which rule.</summary>
    [Alias("Create")]
    Task<Outcome<SubmissionInfo>> Create(SubmissionDraft draft, Actor createdBy);

    [ReadOnly, Alias("Get")]
    Task<SubmissionInfo?> Get();

    /// <summary>Rates the application on the product's live plan; replaces any earlier quote.</summary>
    [Alias("Quote")]
    Task<Outcome<SubmissionInfo>> Quote(Actor by);

    /// <summary>
    /// Binds the current quote into a policy with the chosen installment plan; the value is the policy. A bind sent again
    /// with the <paramref name="requestKey"/> of the request that bound it (whose answer was lost) gets that policy.
    /// </summary>
    [Alias("Bind")]
    Task<Outcome<PolicyInfo>> Bind(string installmentPlan, Actor by, string? requestKey = null);

    /// <summary>
    /// News of a referral on this submission, from the referral's outbox: an approval lets a `referral_required`
    /// submission bind, a rejection declines it. A notice already held changes nothing.
    /// </summary>
    [Alias("ApplyReferral")]
    Task ApplyReferral(ReferralNotice notice);
}
