using Insure.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Insure.Grains.AgencyTokens;

/// <summary>
/// The platform's agency-token signing keys (key 0). Reads come from the activation's memory; a rotation is one write.
/// Should another activation (another cluster on the same database) have written first, the write is refused on its
/// ETag, the stored keys are read again and the rotation decided anew against them.
/// </summary>
internal sealed class AgencyTokenKeysGrain(
    [PersistentState("agencyTokenKeys", Names.Storage)] IPersistentState<AgencyTokenKeysState> state,
    [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    : Grain, IAgencyTokenKeysGrain
{
    public Task<AgencyTokenKeySet> Get() => Task.FromResult(Current());

    public async Task<AgencyTokenKeySet> Rotate(AgencyTokenKey next, string? replacing, TimeSpan overlap)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rotated = AgencyTokenKeyRules.Rotate(state.State.Keys, next, replacing, overlap, time.GetUtcNow());
            if (rotated is null)
            {
                return Current();
            }
            var before = state.State.Keys;
            state.State.Keys = rotated;
            try
            {
                await state.WriteStateAsync();
                return Current();
            }
            catch (Exception)
            {
                state.State.Keys = before;
                if (attempt > 0)
                {
                    throw;
                }
                // Most likely an ETag conflict: what is stored is newer than this activation's copy. Decide again on it.
                await state.ReadStateAsync();
            }
        }
    }

    private AgencyTokenKeySet Current() => new(AgencyTokenKeyRules.Verifying(state.State.Keys, time.GetUtcNow()));
}
