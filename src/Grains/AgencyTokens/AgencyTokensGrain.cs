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
        return new AgencyTokenRevocation(EntityId, State.Generation, State.RevokedAt.Value, by);
    }

    protected override IEnumerable<QueryRecord> Summaries() => [];
}
