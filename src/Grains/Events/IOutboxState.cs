namespace Insure.Grains.Events;

/// <summary>State that records its domain events in the same write as the change that caused them.</summary>
public interface IOutboxState
{
    /// <summary>Bumped on every committed change; orders query-store writes so a retry never regresses a summary.</summary>
    long Version { get; set; }

    /// <summary>Events persisted with the state and not yet known to be dispatched.</summary>
    List<DomainEvent> Outbox { get; }
}
