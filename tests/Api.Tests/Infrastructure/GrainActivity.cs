using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Orleans.Metadata;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// Watches the embedded silo's grain activations through Orleans' own activation hook, so tests can tell whether a
/// request reached a grain at all, and wait (without polling) for an activation to go away.
/// </summary>
public sealed class GrainActivity : IConfigureGrainContextProvider, IConfigureGrainContext
{
    private readonly ConcurrentQueue<GrainId> _activated = new();
    private readonly ConcurrentDictionary<GrainId, TaskCompletionSource> _deactivated = new();

    /// <summary>Every grain activated so far, in order.</summary>
    public IReadOnlyCollection<GrainId> Activated => _activated.ToArray();

    public bool WasActivated(string grainKey) => _activated.Any(id => id.Key.ToString() == grainKey);

    /// <summary>Completes when the activation of the grain keyed <paramref name="grainKey"/> has been deactivated.</summary>
    public Task Deactivation(string grainKey)
    {
        var id = _activated.FirstOrDefault(g => g.Key.ToString() == grainKey);
        Assert.False(id.IsDefault, $"{grainKey} was never activated");
        return Completion(id).Task;
    }

    public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, [NotNullWhen(true)] out IConfigureGrainContext configurator)
    {
        configurator = this;
        // A stateless worker's shared context has no lifecycle of its own to observe (the product catalog is one).
        return !(properties.Properties.TryGetValue(WellKnownGrainTypeProperties.PlacementStrategy, out var placement)
            && placement == "StatelessWorkerPlacement");
    }

    public void Configure(IGrainContext context)
    {
        var id = context.GrainId;
        context.ObservableLifecycle.Subscribe(nameof(GrainActivity), GrainLifecycleStage.Activate,
            _ =>
            {
                _activated.Enqueue(id);
                return Task.CompletedTask;
            },
            _ =>
            {
                Completion(id).TrySetResult();
                return Task.CompletedTask;
            });
    }

    private TaskCompletionSource Completion(GrainId id) =>
        _deactivated.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
