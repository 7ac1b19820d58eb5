namespace Insure.Grains;

/// <summary>
/// A webhook subscription: where a tenant's events go, which of them, and the secrets that sign them. Keyed
/// `{orgId}/{environment}/{webhookId}`. The secret is shown once, when created or rotated; nothing else returns it.
/// </summary>
[Alias("insure.IWebhookEndpointGrain")]
public interface IWebhookEndpointGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<Outcome<WebhookEndpointSecret>> Create(NewWebhookEndpoint request);

    [ReadOnly, Alias("Get")]
    Task<WebhookEndpointInfo?> Get();

    /// <summary>Changes the url, event filters, description or enabled flag (null: unchanged). Enabling clears the failure streak.</summary>
    [Alias("Update")]
    Task<Outcome<WebhookEndpointInfo>> Update(WebhookEndpointChange change);

    /// <summary>Deletes the subscription: nothing is delivered to it afterwards, pending retries included.</summary>
    [Alias("Delete")]
    Task<Outcome<WebhookEndpointInfo>> Delete(Actor by);

    /// <summary>A new secret signs from now on; the previous one keeps signing alongside it for the configured overlap.</summary>
    [Alias("RotateSecret")]
    Task<Outcome<WebhookEndpointSecret>> RotateSecret(Actor by);

    /// <summary>Where and how to send an attempt now: url and the secrets in force; null once deleted (or never created).</summary>
    [ReadOnly, AlwaysInterleave, Alias("Target")]
    Task<WebhookTarget?> Target();

    /// <summary>An attempt's outcome, for the failure streak that disables a subscription whose receiver stays down.</summary>
    [OneWay, Alias("ReportAttempt")]
    Task ReportAttempt(bool delivered, DateTimeOffset at);

    /// <summary>Sends these past events again, each as a new delivery (persisted before its first attempt); returns the deliveries.</summary>
    [Alias("Replay")]
    Task<Outcome<WebhookReplay>> Replay(IReadOnlyList<DomainEvent> events, Actor by);
}
