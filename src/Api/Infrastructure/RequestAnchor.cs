using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// A request sent with an Idempotency-Key: the id that anchors the ids of what it creates (<see cref="RequestIds"/>), the
/// same for every retry of an attempt that ended uncertain (<see cref="RetriesUncertain"/>).
/// </summary>
public sealed class RequestAnchor(string anchor, bool retriesUncertain = false)
{
    public bool RetriesUncertain => retriesUncertain;

    private readonly Dictionary<string, int> _made = new(StringComparer.Ordinal);

    /// <summary>
    /// The next id of <paramref name="prefix"/> this request makes: the same on every retry. Counted per prefix, so an id
    /// of one kind made on one attempt and not another does not shift the ids of the other kinds.
    /// </summary>
    public string Next(string prefix)
    {
        int made;
        lock (_made)
        {
            made = _made[prefix] = _made.GetValueOrDefault(prefix) + 1;
        }
        return Ids.Derived(prefix, anchor, $"{anchor}/{prefix}/{made}");
    }
}
