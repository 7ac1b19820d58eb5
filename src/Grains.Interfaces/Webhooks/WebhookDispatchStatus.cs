namespace Insure.Grains;

/// <summary>Where a tenant's dispatcher stands: its cursor into the event log and how many events it is still delivering (whose deliveries have not all answered).</summary>
[GenerateSerializer, Immutable, Alias("insure.webhook-dispatch-status")]
public sealed record WebhookDispatchStatus(
    [property: Id(0)] long Cursor,
    [property: Id(1)] int InFlight,
    [property: Id(2)] int Subscriptions);
