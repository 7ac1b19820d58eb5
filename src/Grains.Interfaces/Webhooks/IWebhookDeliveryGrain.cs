namespace Insure.Grains;

/// <summary>
/// One event's delivery to one subscription and its attempts, keyed `{orgId}/{environment}/{deliveryId}`. Failed attempts
/// are retried on the configured schedule by a reminder, so retries survive restarts.
/// </summary>
[Alias("insure.IWebhookDeliveryGrain")]
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the delivery (persisted before anything is sent) and makes its first attempt, answering once that attempt
    /// has succeeded or its retry is scheduled. Calling again is harmless: an existing delivery whose first attempt never
    /// finished (a crash) makes it now, any other is left as it is.
    /// </summary>
    [Alias("Deliver")]
    Task<WebhookDeliveryInfo> Deliver(WebhookDeliveryOrder order);

    /// <summary>Creates the delivery with a reminder behind it and attempts it shortly, without waiting (replays).</summary>
    [Alias("Schedule")]
    Task<WebhookDeliveryInfo> Schedule(WebhookDeliveryOrder order);

    /// <summary>Sends the event again now, whatever the delivery's status, and answers with the attempt recorded.</summary>
    [Alias("Redeliver")]
    Task<Outcome<WebhookDeliveryInfo>> Redeliver(Actor by);

    [ReadOnly, Alias("Get")]
    Task<WebhookDeliveryInfo?> Get();
}
