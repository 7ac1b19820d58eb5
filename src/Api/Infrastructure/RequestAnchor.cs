using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// A request sent with an Idempotency-Key: the id that anchors the ids of what it creates (<see cref="RequestIds"/>), the
/// same for every retry of an attempt that ended uncertain; <see cref="RetriesUncertain"/> when this is such a retry.
/// </summary>
public sealed class RequestAnchor(string anchor, bool retriesUncertain)
{
    private int _made;

    public bool RetriesUncertain { get; } = retriesUncertain;

    /// <summary>The next id of <paramref name="prefix"/> this request makes: the same, in the same order, on every retry.</summary>
    public string Next(string prefix) => Ids.Derived(prefix, anchor, $"{anchor}/{prefix}/{Interlocked.Increment(ref _made)}");
}
