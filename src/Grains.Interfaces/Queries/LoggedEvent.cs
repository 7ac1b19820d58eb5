namespace Insure.Grains.Queries;

/// <summary>An event as the log lists it: its position, id and payload.</summary>
public sealed record LoggedEvent(long Position, string Id, string Document);
