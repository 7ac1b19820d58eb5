namespace Insure.Grains.Policies;

/// <summary>What can happen to a policy.</summary>
internal enum PolicyAction
{
    /// <summary>A policy is issued; it starts in <see cref="PolicyLifecycle.Initial"/>.</summary>
    Issue,
    Activate,
    Endorse,
    Cancel,
    ScheduleCancellation,
    CompleteCancellation,
    Reinstate,
    /// <summary>Reinstating a cancellation that was scheduled before the policy took effect: it returns to bound.</summary>
    ReinstateBeforeInception,
    Renew,
    /// <summary>The clock reached the renewal-offer date: the next term is rated and offered; the status stays.</summary>
    OfferRenewal,
    Expire,
}
