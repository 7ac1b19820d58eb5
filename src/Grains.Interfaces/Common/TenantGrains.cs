namespace Insure.Grains;

/// <summary>The grains of one tenant: an id from outside resolves only when it is well formed, and only within the tenant.</summary>
public readonly record struct TenantGrains(IGrainFactory Factory, Tenant Tenant)
{
    /// <summary>The grain of entity <paramref name="id"/>, or null when the id is not a well-formed `{prefix}_` id.</summary>
    public TGrain? Find<TGrain>(string prefix, string? id) where TGrain : class, IGrainWithStringKey =>
        Ids.IsValid(prefix, id) ? Factory.Keyed<TGrain>(Tenant.KeyFor(id!)) : null;

    /// <summary>The id of <see cref="Find{TGrain}"/>'s grain, or null when the id is not well formed.</summary>
    public GrainId? FindId<TGrain>(string prefix, string? id) where TGrain : class, IGrainWithStringKey =>
        Ids.IsValid(prefix, id) ? Factory.KeyedId<TGrain>(Tenant.KeyFor(id!)) : null;

    /// <summary>The grain of an entity whose id this system made.</summary>
    public TGrain Get<TGrain>(string id) where TGrain : IGrainWithStringKey => Factory.Keyed<TGrain>(Tenant.KeyFor(id));
}
