namespace Insure.Grains;

/// <summary>
/// A tenant's webhook dispatcher, keyed `{orgId}/{environment}` (the tenant's event stream key). It takes the tenant's
/// events from the stream as they happen and from the persisted event log behind a stored cursor, so an event whose
/// stream message was lost is still delivered, and creates a delivery for every subscription each event matches.
/// </summary>
[Alias("insure.IWebhookDispatcherGrain")]
public interface IWebhookDispatcherGrain : IGrainWithStringKey
{
    /// <summary>Adds, changes or (when not active) removes a subscription. Repeats are harmless.</summary>
    [Alias("Subscribe")]
    Task Subscribe(WebhookSubscription subscription);

    /// <summary>Reads the event log behind the cursor now and delivers what it finds (the periodic catch-up, on demand).</summary>
    [Alias("CatchUp")]
    Task<WebhookDispatchStatus> CatchUp();
}
