using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Insure.Grains.Storage;

/// <summary>Puts a wrapper around a named grain storage already registered, keeping that storage's part in the silo's lifecycle.</summary>
public static class GrainStorageDecoration
{
    /// <summary>
    /// Replaces the grain storage registered as <paramref name="name"/> with what <paramref name="wrap"/> makes of it. Orleans
    /// starts a storage that takes part in the silo's lifecycle (the ADO.NET one opens its queries there) by resolving the
    /// named storage and casting it, so the wrapper handed out forwards that part to the storage inside.
    /// </summary>
    public static void Decorate(IServiceCollection services, string name, Func<IServiceProvider, IGrainStorage, IGrainStorage> wrap)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered yet.");
        var make = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{name}' was not registered through a factory, so it cannot be wrapped.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
        {
            var inner = (IGrainStorage)make(sp, key);
            var wrapped = wrap(sp, inner);
            return inner is ILifecycleParticipant<ISiloLifecycle> participant ? new Participating(wrapped, participant) : wrapped;
        });
    }

    private sealed class Participating(IGrainStorage wrapped, ILifecycleParticipant<ISiloLifecycle> inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => wrapped.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => wrapped.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => wrapped.ClearStateAsync(stateName, grainId, grainState);

        public void Participate(ISiloLifecycle observer) => inner.Participate(observer);
    }
}
