namespace Insure.Grains.Queries;

/// <summary>
/// One entry of a tenant's event log (see <see cref="IQueryStore.ReadLog"/>): the event's position in the log (above 0),
/// its `evt_` id and its payload JSON.
/// </summary>
public sealed record LoggedEvent(long Position, string Id, string Document);
