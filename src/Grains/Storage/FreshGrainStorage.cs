using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Insure.Grains.Storage;

/// <summary>
/// A grain storage that answers the first read of a grain marked in <see cref="FreshGrains"/> with nothing stored (the
/// state stays new, with no ETag, so its first write is an insert that fails if a row exists after all), and passes every
/// other call to the storage it wraps, including that storage's part in the silo's lifecycle.
/// </summary>
internal sealed class FreshGrainStorage(IGrainStorage inner, FreshGrains fresh) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        fresh.Take(grainId) ? Task.CompletedTask : inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>Wraps the grain storage registered as <paramref name="name"/> (registered before this call).</summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        services.AddSingleton<FreshGrains>();
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new FreshGrainStorage((IGrainStorage)registered.KeyedImplementationFactory!(sp, key), sp.GetRequiredService<FreshGrains>()));
    }
}
