using Insure.Grains.Queries;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>Reading a query store's event log in tests.</summary>
public static class EventLogs
{
    /// <summary>
    /// The tenant's log from the start once it shows at least <paramref name="expected"/> events (or after 15 s, what it
    /// shows then). PostgreSQL lists an event only when every transaction older than its own has ended, on the whole
    /// server, other tests' included, so a write just committed may take a moment to appear.
    /// </summary>
    public static async Task<IReadOnlyList<LoggedEvent>> ReadOnceItShows(IQueryStore store, string tenant, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var log = await store.ReadLog(tenant, 0, 1000);
            if (log.Count >= expected || DateTime.UtcNow > deadline)
            {
                return log;
            }
            await Task.Delay(20);
        }
    }
}
