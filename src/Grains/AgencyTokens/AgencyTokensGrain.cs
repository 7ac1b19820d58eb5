using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.AgencyTokens;

/// <summary>
/// An agency's token generation. A counter rather than a revocation time: a token made in the same second as a
/// revocation, before or after it, is told apart by the generation it carries, not by its `iat`.
/// </summary>
internal sealed class AgencyTokensGrain(
    [PersistentState("agencyTokens", Names.Storage)] IPersistentState<AgencyTokensState> state,
    IQueryStore queries,
    TenantClocks clocks,
    ILogger<AgencyTokensGrain> logger)
    : TenantGrain<AgencyTokensState>(state, queries, clocks, logger), IAgencyTokensGrain
{
    // Read on every request made with one of the agency's tokens. An agency never revoked has nothing stored, and its
    // activation is kept like any other (only tokens this platform signed reach it), so requests do not re-read storage.
    public Task<long> Generation() => Task.FromResult(State.Generation);

    /// <summary>
    /// The agency's and its agents' statuses as last heard, in memory only: each is asked of its producer once per
    /// activation, and a producer tells of every change from its outbox (<see cref="ProducerChanged"/>).
    /// </summary>
    private readonly Dictionary<string, ProducerStanding> _standings = new(StringComparer.Ordinal);

    public async Task<AgencyTokenCheck> Check(long tokenGeneration, string? agentId)
    {
        if (tokenGeneration != State.Generation)
        {
            return new AgencyTokenCheck(true);
        }
        foreach (var producerId in agentId is null ? [EntityId] : new[] { EntityId, agentId })
        {
            var standing = await StandingOf(producerId);
            if (standing is not { IsActive: true })
            {
                return new AgencyTokenCheck(false, producerId, standing?.Status ?? "unknown");
            }
        }
        return AgencyTokenCheck.Stands;
    }

    public async Task ProducerChanged(ProducerStanding standing)
    {
        // Told again for a standing already known too: this activation may have read it before the producer told it, or
        // an earlier telling may have failed before every node heard (the producer's outbox then sends it again).
        if (Remember(standing) || _standings.GetValueOrDefault(standing.ProducerId)?.Version == standing.Version)
        {
            await TellNodes();
        }
    }

    /// <summary>Every Api node forgets the tokens it found valid through this agency, before the change answers.</summary>
    private Task TellNodes() => GrainFactory.GetGrain<IAccessChangesGrain>(0).Revoked(this.GetPrimaryKeyString());

    private async Task<ProducerStanding?> StandingOf(string producerId)
    {
        if (_standings.TryGetValue(producerId, out var known))
        {
            return known;
        }
        var read = await Grains.Get<IProducerGrain>(producerId).Standing();
        if (read is not null)
        {
            Remember(read);
        }
        // A change told while the read was under way is newer than the read, and is kept.
        return _standings.GetValueOrDefault(producerId);
    }

    /// <summary>Keeps a standing newer than the one known; true when it was.</summary>
    private bool Remember(ProducerStanding standing)
    {
        if (!_standings.TryGetValue(standing.ProducerId, out var known) || known.Version < standing.Version)
        {
            _standings[standing.ProducerId] = standing;
            return true;
        }
        return false;
    }

    public async Task<Outcome<AgencyTokenRevocation>> Revoke(Actor by)
    {
        if (await Grains.Get<IProducerGrain>(EntityId).Get() is not { Type: ProducerTypes.Agency })
        {
            return new RuleViolation(ErrorCodes.NotFound, $"Agency {EntityId} not found");
        }
        State.Generation++;
        State.RevokedAt = Time.GetUtcNow();
        State.RevokedBy = by;
        await Commit();
        await TellNodes();
        return new AgencyTokenRevocation(EntityId, State.Generation, State.RevokedAt.Value, by);
    }

    protected override IEnumerable<QueryRecord> Summaries() => [];
}
