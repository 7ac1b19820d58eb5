using Orleans.Runtime;

namespace Insure.Grains;

/// <summary>
/// String-keyed grain references without Orleans' per-call type resolution. <c>GetGrain&lt;T&gt;(string)</c> works out
/// T's grain interface and grain type on every call (custom attributes and type-name formatting): about a tenth of a
/// node's CPU on a cached authenticated read. The pair depends only on T and the assemblies loaded, so it is worked out
/// once per T, and later references are made straight from the grain id. A process keeps the pair it first saw: a
/// deployment that renames a grain type (its <c>[GrainType]</c>) restarts its clients with the silos.
/// </summary>
public static class KeyedGrains
{
    /// <summary>The same reference <c>GetGrain&lt;TGrain&gt;(key)</c> returns.</summary>
    public static TGrain Keyed<TGrain>(this IGrainFactory factory, string key) where TGrain : IGrainWithStringKey
    {
        if (Resolved<TGrain>.Types is { } types)
        {
            return (TGrain)factory.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }
        var grain = factory.GetGrain<TGrain>(key);
        var reference = (GrainReference)(object)grain;
        Resolved<TGrain>.Types = new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
        return grain;
    }

    /// <summary>The id of the grain <c>GetGrain&lt;TGrain&gt;(key)</c> names, without making a reference once T is known.</summary>
    public static GrainId KeyedId<TGrain>(this IGrainFactory factory, string key) where TGrain : IGrainWithStringKey =>
        Resolved<TGrain>.Types is { } types ? GrainId.Create(types.Grain, key) : ((GrainReference)(object)factory.Keyed<TGrain>(key)).GrainId;

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Resolved<TGrain>
    {
        // A reference-type holder, so a reader sees both parts or nothing; two first calls racing store equal values.
        public static volatile GrainTypes? Types;
    }
}
