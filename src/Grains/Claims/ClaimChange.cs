namespace Insure.Grains.Claims;

/// <summary>
/// The facts of one decided change to a claim, applied by <see cref="ClaimRules.Apply"/>: the lifecycle actions in
/// order (which alone move the status), the event it raises, and what it adds to the reserves and payments.
/// </summary>
internal sealed record ClaimChange(
    ClaimAction[] Actions,
    string EventType,
    DateTimeOffset At,
    Actor By,
    string? Note = null,
    ClaimFiling? Filing = null,
    string? AdjusterId = null,
    ReserveEntry[]? Reserves = null,
    ClaimPayment? Payment = null,
    bool? Litigation = null,
    ClaimAttachment? Attachment = null);
