namespace Insure.Grains.Events;

/// <summary>An event's body with its data as stored: what a silo sends when no Api rendering is registered (grain tests).</summary>
internal sealed class StoredEventRenderer : IEventRenderer
{
    public string Render(DomainEvent e) => EventRecords.ToPayload(e);
}
