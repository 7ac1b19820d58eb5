using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace Insure.Grains.Storage;

/// <summary>
/// A grain storage that answers the first read of a grain marked in <see cref="FreshGrains"/> with nothing stored (the
/// state stays new, with no ETag, so its first write is an insert that fails if a row exists after all), and passes every
/// other call to the storage it wraps.
/// </summary>
internal sealed class FreshGrainStorage(IGrainStorage inner, FreshGrains fresh) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        fresh.Take(grainId) ? Task.CompletedTask : inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>Wraps the grain storage registered as <paramref name="name"/> (registered before this call).</summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        services.TryAddSingleton<FreshGrains>();
        GrainStorageDecoration.Decorate(services, name, (sp, inner) => new FreshGrainStorage(inner, sp.GetRequiredService<FreshGrains>()));
    }
}
