namespace Insure.Grains;

/// <summary>An issued policy: its terms, status and transactions. Keyed `{orgId}/{environment}/{policyId}`.</summary>
[Alias("insure.IPolicyGrain")]
public interface IPolicyGrain : IGrainWithStringKey
{
    /// <summary>Issues the policy; calling it again with the same policy returns the existing one unchanged.</summary>
    [Alias("Issue")]
    Task<PolicyInfo> Issue(NewPolicy policy);

    [ReadOnly, Alias("Get")]
    Task<PolicyInfo?> Get();

    /// <summary>The terms in force on a date (the latest version effective on or before it).</summary>
    [ReadOnly, Alias("GetAsOf")]
    Task<PolicyInfo?> GetAsOf(DateOnly date);

    [ReadOnly, Alias("GetTimeline")]
    Task<PolicyTransaction[]?> GetTimeline();

    /// <summary>Premium written and earned by the end of <paramref name="asOf"/>; null when there is no such policy.</summary>
    [ReadOnly, Alias("Earned")]
    Task<EarnedPremium?> Earned(DateOnly asOf);

    /// <summary>Each change takes the ETag the caller last saw (null: no check); a stale one is refused as a conflict.</summary>
    [Alias("Endorse")]
    Task<Outcome<EndorsementResult>> Endorse(Endorsement endorsement, long? expectedVersion);

    [Alias("Cancel")]
    Task<Outcome<PolicyInfo>> Cancel(CancellationRequest request, long? expectedVersion);

    [Alias("Reinstate")]
    Task<Outcome<PolicyInfo>> Reinstate(string? reason, Actor by, long? expectedVersion);

    /// <summary>Issues the next term; the value is the renewal policy.</summary>
    [Alias("Renew")]
    Task<Outcome<PolicyInfo>> Renew(Actor by, long? expectedVersion);

    /// <summary>Cancels the policy (pro rata, from today) because an invoice went unpaid through every retry and the grace period.</summary>
    /// <remarks>
    /// One-way: the invoice asking must not wait on the policy, whose change bills through billing, which may be
    /// waiting on that invoice. The invoice checks the policy's status in the read model and asks again if needed.
    /// </remarks>
    [OneWay, Alias("CancelForNonPayment")]
    Task CancelForNonPayment(string invoiceNumber);

    /// <summary>
    /// News of a referral on this policy, from the referral's outbox: an approved one can then be named by one
    /// endorsement whose changed terms need underwriting. A notice already held changes nothing.
    /// </summary>
    [Alias("ApplyReferral")]
    Task ApplyReferral(ReferralNotice notice);
}
