using Microsoft.Extensions.Logging;

namespace Insure.Grains.ApiKeys;

/// <summary>
/// See <see cref="IApiKeyRevocationsGrain"/>. Held in memory only: a new activation starts with no nodes and tokens
/// nobody has seen, so every node forgets what it remembers when it next subscribes. Reentrant, so one slow node does not
/// hold up a subscription or another revocation.
/// </summary>
[Reentrant]
internal sealed class ApiKeyRevocationsGrain(ILogger<ApiKeyRevocationsGrain> logger) : Grain, IApiKeyRevocationsGrain
{
    /// <summary>A node that has not subscribed again for this long is dropped (nodes subscribe every few seconds).</summary>
    public static readonly TimeSpan Lapse = TimeSpan.FromMinutes(1);

    /// <summary>How long a revocation waits for a node's acknowledgement.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    private readonly Dictionary<IApiKeyRevocationObserver, (Guid Token, DateTime Seen)> _nodes = [];

    public Task<Guid> Subscribe(IApiKeyRevocationObserver node)
    {
        var token = _nodes.TryGetValue(node, out var known) ? known.Token : Guid.NewGuid();
        _nodes[node] = (token, DateTime.UtcNow);
        return Task.FromResult(token);
    }

    public Task Unsubscribe(IApiKeyRevocationObserver node)
    {
        _nodes.Remove(node);
        return Task.CompletedTask;
    }

    public async Task Revoked(string keyGrainKey)
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
                await node.Revoked(keyGrainKey).WaitAsync(AnswerWithin);
            }
            catch (Exception ex)
            {
                // It may still remember the key: a new token makes it forget everything at its next subscription.
                logger.LogWarning(ex, "An Api node was not told in time that {Key} was revoked; it forgets its checked keys when it next subscribes", keyGrainKey);
                if (_nodes.TryGetValue(node, out var known))
                {
                    _nodes[node] = known with { Token = Guid.NewGuid() };
                }
            }
        }));
    }
}
