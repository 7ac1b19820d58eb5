namespace Insure.Grains;

/// <summary>An Api node's ear for revoked API keys: told of one, the node forgets that it checked the key.</summary>
[Alias("insure.IApiKeyRevocationObserver")]
public interface IApiKeyRevocationObserver : IGrainObserver
{
    /// <summary>The key of `{orgId}/{environment}/{keyId}` was revoked.</summary>
    [Alias("Revoked")]
    Task Revoked(string keyGrainKey);
}

/// <summary>
/// The cluster's list of the Api nodes that remember checked API keys (one grain, key 0). A revocation is told to every
/// node before it answers. Nodes subscribe again every few seconds; the token a subscription answers with changes
/// when this grain may have failed to tell that node something (a new activation after its silo failed, or a node that
/// did not answer in time), and a node seeing its token change forgets every key it remembers.
/// </summary>
[Alias("insure.IApiKeyRevocationsGrain")]
public interface IApiKeyRevocationsGrain : IGrainWithIntegerKey
{
    [Alias("Subscribe")]
    Task<Guid> Subscribe(IApiKeyRevocationObserver node);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IApiKeyRevocationObserver node);

    /// <summary>Tells every subscribed node, waiting for each a short while; a node that did not answer gets a new token.</summary>
    [Alias("Revoked")]
    Task Revoked(string keyGrainKey);
}
