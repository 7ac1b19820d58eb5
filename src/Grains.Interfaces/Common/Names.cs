namespace Insure.Grains;

/// <summary>Provider, stream and storage names shared by silos and clients.</summary>
public static class Names
{
    public const string Storage = "insure";
    public const string PubSubStore = "PubSubStore";
    public const string StreamProvider = "events";
    /// <summary>Stream namespace of a tenant's domain events; the stream key is the tenant (`{orgId}/{environment}`).</summary>
    public const string EventStreamNamespace = "domain-events";
    /// <summary>Stream namespace of a deal room's live signals (messages, typing, presence); the key is the room's grain key.</summary>
    public const string DealRoomStreamNamespace = "deal-rooms";
    /// <summary>Service key of the platform's <see cref="TimeProvider"/> (rate-limit windows, idempotency records; tests swap in a fake).</summary>
    public const string Clock = "insure-clock";
}
