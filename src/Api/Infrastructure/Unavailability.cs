using System.Net.Sockets;
using Npgsql;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Failures that mean a part the request needs is not there right now (the database, or every silo), not that the
/// request or the code is wrong: the request gets 503 with Retry-After, and may be sent again as it was (with its
/// Idempotency-Key, a write is still done at most once).
/// </summary>
public static class Unavailability
{
    /// <summary>What is unavailable, as the error message says it, or null when <paramref name="exception"/> is something else.</summary>
    public static string? Of(Exception exception)
    {
        foreach (var failure in Chain(exception))
        {
            switch (failure)
            {
                case PostgresException postgres when IsOutage(postgres.SqlState):
                case NpgsqlException and not PostgresException:
                    return "The database is not answering; retry shortly";
                case SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException or OrleansMessageRejectionException:
                    return "No silo of the cluster is answering; retry shortly";
                case TimeoutException:
                    return "The cluster did not answer in time; retry shortly";
                case SocketException:
                    return "A part of the platform is not answering; retry shortly";
            }
        }
        return null;
    }

    /// <summary>
    /// SQLSTATE classes of an outage rather than a bad statement: 08 (connection), 53 (out of resources, such as
    /// connections), 57P01-57P03 (the server is shutting down or starting up).
    /// </summary>
    private static bool IsOutage(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is "57P01" or "57P02" or "57P03";

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
