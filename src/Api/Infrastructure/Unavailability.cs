using Npgsql;
using Orleans.Serialization;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Failures that mean a part the request needs is not there right now (the database, or every silo), not that the
/// request or the code is wrong: the request gets 503 with Retry-After, and may be sent again as it was (with its
/// Idempotency-Key, a write is still done at most once).
/// </summary>
public static class Unavailability
{
    /// <summary>What is unavailable, or null when <paramref name="exception"/> is something else.</summary>
    public static Unavailable? Of(Exception exception)
    {
        foreach (var failure in Chain(exception))
        {
            switch (failure)
            {
                case PostgresException postgres when IsOutage(SqlState(postgres)):
                case NpgsqlException and not PostgresException:
                // A silo's database failure that could not be rebuilt as itself on this side.
                case UnavailableExceptionFallbackException { ExceptionType: { } type } when type.StartsWith("Npgsql.", StringComparison.Ordinal):
                    return new Unavailable("The database is not answering; retry shortly", Expected: true, Database: true);
                case SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException or OrleansMessageRejectionException:
                    return new Unavailable("No silo of the cluster is answering; retry shortly", Expected: true);
                case TimeoutException:
                    // A call that timed out may also be a grain that never answers: retryable, but worth an error in the log.
                    return new Unavailable("The cluster did not answer in time; retry shortly", Expected: false);
            }
        }
        return null;
    }

    /// <summary>
    /// SQLSTATE classes of an outage rather than a bad statement: 08 (connection), 53 (out of resources, such as
    /// connections), 57P01-57P03 (the server is shutting down or starting up).
    /// </summary>
    private static bool IsOutage(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
            || sqlState is "57P01" or "57P02" or "57P03");

    /// <summary>
    /// The error's SQLSTATE. One that crossed from a silo keeps only its message, which starts with it (`53300: sorry, too
    /// many clients already`).
    /// </summary>
    private static string? SqlState(PostgresException postgres)
    {
        if (!string.IsNullOrEmpty(postgres.SqlState))
        {
            return postgres.SqlState;
        }
        var message = postgres.Message;
        return message.Length > 6 && message[5] == ':' && message[..5].All(char.IsAsciiLetterOrDigit) ? message[..5] : null;
    }

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

/// <summary>
/// An unavailable part, as the 503's message says it; <see cref="Expected"/>: an outage rather than a possible bug;
/// <see cref="Database"/>: the database, rather than a silo or the cluster.
/// </summary>
public sealed record Unavailable(string Message, bool Expected, bool Database = false);
