namespace Insure.Grains.Policies;

/// <summary>
/// The facts of one decided change to a policy, applied by <see cref="PolicyRules.Apply"/>: the lifecycle action
/// (which alone moves the status), the event it raises, and what it adds to the versions, the money written and the
/// timeline, and what it asks billing to do.
/// </summary>
internal sealed record PolicyChange(
    PolicyAction Action,
    string EventType,
    DateTimeOffset At,
    PolicyTransaction? Transaction,
    PolicyVersion? NewVersion = null,
    decimal PremiumWritten = 0m,
    decimal TaxesWritten = 0m,
    decimal FeesWritten = 0m,
    CancellationInfo? Cancellation = null,
    bool ClearsCancellation = false,
    RenewalOffer? RenewalOffer = null,
    string? RenewedToPolicyId = null,
    NewPolicy? Terms = null,
    BillingInstruction? Billing = null);
