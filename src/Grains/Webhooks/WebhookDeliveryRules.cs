namespace Insure.Grains.Webhooks;

/// <summary>What an attempt's outcome does to a delivery: delivered, retried on the schedule, or failed for good.</summary>
internal static class WebhookDeliveryRules
{
    public const int KeptAttempts = 20;

    /// <summary>
    /// After <paramref name="attempt"/>: a 2xx delivers. A scheduled attempt that fails takes the next delay of
    /// <paramref name="retries"/>, or fails the delivery when none is left. A manual redelivery that fails changes
    /// nothing but the log when the event was delivered before or a retry is scheduled; it fails a failed or cancelled
    /// delivery again; and a pending one with nothing scheduled yet (its first attempt still to come) gets the schedule.
    /// </summary>
    public static DeliveryStep Attempted(WebhookDeliveryState state, WebhookAttempt attempt, IReadOnlyList<TimeSpan> retries, bool manual)
    {
        if (attempt.Delivered)
        {
            return new DeliveryStep(WebhookDeliveryStatuses.Delivered, null, state.RetriesUsed);
        }
        if (manual && (state.Status == WebhookDeliveryStatuses.Delivered || state.NextAttemptAt is not null))
        {
            // Delivered before, or a retry is already scheduled: the manual attempt only adds to the log.
            return new DeliveryStep(state.Status, state.NextAttemptAt, state.RetriesUsed);
        }
        if (manual && state.Status != WebhookDeliveryStatuses.Pending)
        {
            return new DeliveryStep(WebhookDeliveryStatuses.Failed, null, state.RetriesUsed);
        }
        return state.RetriesUsed < retries.Count
            ? new DeliveryStep(WebhookDeliveryStatuses.Pending, attempt.At + retries[state.RetriesUsed], state.RetriesUsed + 1)
            : new DeliveryStep(WebhookDeliveryStatuses.Failed, null, state.RetriesUsed);
    }

    /// <summary>What set an attempt off, as the delivery log shows it: `manual`, the first (`event` or `replay`), or a `retry`.</summary>
    public static string Trigger(WebhookDeliveryState state, bool manual) =>
        manual ? "manual" : state.AttemptCount == 0 ? (state.Replay ? "replay" : "event") : "retry";

    /// <summary>A scheduled attempt is due: never tried yet, or its retry time has come.</summary>
    public static bool Due(WebhookDeliveryState state, DateTimeOffset now) =>
        state.Status == WebhookDeliveryStatuses.Pending && (state.AttemptCount == 0 || state.NextAttemptAt is { } next && next <= now);

    /// <summary>The attempts to keep: the newest <see cref="KeptAttempts"/>.</summary>
    public static List<WebhookAttempt> Keep(List<WebhookAttempt> attempts, WebhookAttempt added) =>
        [.. attempts.Skip(Math.Max(0, attempts.Count + 1 - KeptAttempts)), added];
}

/// <summary>A delivery's status after an attempt, when it is tried next, and how much of the retry schedule is used.</summary>
internal sealed record DeliveryStep(string Status, DateTimeOffset? NextAttemptAt, int RetriesUsed);
