using Microsoft.Extensions.Logging;

namespace Insure.Grains.ApiKeys;

/// <summary>
/// See <see cref="IAccessChangesGrain"/>. Held in memory only: a new activation starts with no nodes and tokens
/// nobody has seen, so every node drops what it keeps when it next subscribes. Reentrant, so one slow node does not
/// hold up a subscription or another change.
/// </summary>
[Reentrant]
internal sealed class AccessChangesGrain(ILogger<AccessChangesGrain> logger) : Grain, IAccessChangesGrain
{
    /// <summary>A node that has not subscribed again for this long is dropped (nodes subscribe every few seconds).</summary>
    public static readonly TimeSpan Lapse = TimeSpan.FromMinutes(1);

    /// <summary>How long a revocation waits for a node's acknowledgement.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    private readonly Dictionary<IAccessChangeObserver, (Guid Token, DateTime Seen)> _nodes = [];

    public Task<Guid> Subscribe(IAccessChangeObserver node)
    {
        var token = _nodes.TryGetValue(node, out var known) ? known.Token : Guid.NewGuid();
        _nodes[node] = (token, DateTime.UtcNow);
        return Task.FromResult(token);
    }

    public Task Unsubscribe(IAccessChangeObserver node)
    {
        _nodes.Remove(node);
        return Task.CompletedTask;
    }

    public Task Revoked(string grainKey) => TellAll(node => node.Revoked(grainKey), $"credentials checked by {grainKey} changed");

    public Task OrganizationChanged(string orgId) => TellAll(node => node.OrganizationChanged(orgId), $"{orgId} changed");

    private async Task TellAll(Func<IAccessChangeObserver, Task> tell, string what)
    {
        var now = DateTime.UtcNow;
        foreach (var lapsed in _nodes.Where(n => now - n.Value.Seen > Lapse).Select(n => n.Key).ToList())
        {
            _nodes.Remove(lapsed);
        }
        await Task.WhenAll(_nodes.Keys.ToList().Select(async node =>
        {
            try
            {
                await tell(node).WaitAsync(AnswerWithin);
            }
            catch (Exception ex)
            {
                // It may still hold what it should drop: a new token makes it drop everything at its next subscription.
                logger.LogWarning(ex, "An Api node was not told in time that {What}; it drops what it keeps when it next subscribes", what);
                if (_nodes.TryGetValue(node, out var known))
                {
                    _nodes[node] = known with { Token = Guid.NewGuid() };
                }
            }
        }));
    }
}
