namespace Insure.Grains;

/// <summary>
/// An Api node's ear for changes to who may call: told of one, the node drops what it keeps to spare grain calls (the
/// keys and tokens it found valid, the rate-limit tokens it holds for an organization).
/// </summary>
[Alias("insure.IAccessChangeObserver")]
public interface IAccessChangeObserver : IGrainObserver
{
    /// <summary>
    /// A credential check of the grain keyed <paramref name="grainKey"/> may answer differently now: an API key was
    /// revoked, an integration's key rotated or agencies changed, an agency's tokens revoked or a producer's standing
    /// changed.
    /// </summary>
    [Alias("Revoked")]
    Task Revoked(string grainKey);

    /// <summary>The organization's standing (status, live approval, tier) changed.</summary>
    [Alias("OrganizationChanged")]
    Task OrganizationChanged(string orgId);
}

/// <summary>
/// The cluster's list of Api nodes (one grain, key 0). A change that could end a credential, or an organization's
/// change, is told to every node before it answers. Nodes subscribe again every few seconds; the token a subscription answers with changes when this
/// grain may have failed to tell that node something (a new activation after its silo failed, or a node that did not
/// answer in time), and a node seeing its token change drops everything it keeps.
/// </summary>
[Alias("insure.IAccessChangesGrain")]
public interface IAccessChangesGrain : IGrainWithIntegerKey
{
    [Alias("Subscribe")]
    Task<Guid> Subscribe(IAccessChangeObserver node);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IAccessChangeObserver node);

    /// <summary>Tells every subscribed node, waiting for each a short while; a node that did not answer gets a new token.</summary>
    [Alias("Revoked")]
    Task Revoked(string grainKey);

    /// <summary>As <see cref="Revoked"/>, for an organization's change of standing.</summary>
    [Alias("OrganizationChanged")]
    Task OrganizationChanged(string orgId);
}
