namespace Insure.Grains;

/// <summary>
/// An Api node that keeps copies of entities it read under a lease (<see cref="ILeasedRead{T}"/>). An entity tells every
/// holder of a lease still running to drop its copy before its next change answers, or, when one does not acknowledge,
/// waits until that lease has run out.
/// </summary>
[Alias("insure.IReadLeaseHolder")]
public interface IReadLeaseHolder : IGrainObserver
{
    [Alias("Drop")]
    Task Drop(GrainId entity);
}

/// <summary>An entity whose current view an Api node may keep for a short while (see <see cref="IReadLeaseHolder"/>).</summary>
[Alias("insure.ILeasedRead`1")]
public interface ILeasedRead<T> : IGrain
    where T : class
{
    /// <summary>
    /// What <c>Get</c> answers, with how long <paramref name="holder"/> may keep it: zero for nothing to keep (no such
    /// entity, or leases are off), and otherwise until the entity changes or the lease runs out, whichever is first.
    /// </summary>
    [ReadOnly, Alias("Lease")]
    Task<Leased<T>> Lease(IReadLeaseHolder holder);
}

/// <summary>A view and how long its reader may keep it, counted from before it asked.</summary>
[GenerateSerializer, Alias("insure.leased`1")]
public sealed record Leased<T>([property: Id(0)] T? Value, [property: Id(1)] TimeSpan For)
    where T : class;
