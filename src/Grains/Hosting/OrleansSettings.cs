namespace Insure.Grains.Hosting;

/// <summary>
/// `Insure:Orleans`: a node's ports and cluster, and the cluster's failure detection. The detection settings trade how
/// soon a dead silo is noticed (its grains move, its reminders fire elsewhere, a restarted cluster stops waiting for
/// it) against how readily a slow but live silo is taken for dead.
/// </summary>
public sealed class OrleansSettings
{
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "insure";
    public string ServiceId { get; set; } = "insure";
    /// <summary>The address other silos and clients reach this silo on; unset: the machine's first non-loopback address.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// How often a silo writes its heartbeat into the membership table. With <see cref="MissedIAmAliveLimit"/> it decides
    /// when a row is stale: a starting silo does not wait to reach a silo whose heartbeat is older than their product,
    /// which is what lets a cluster restarted after a power loss start without cleaning the table by hand.
    /// </summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(5);

    public int MissedIAmAliveLimit { get; set; } = 2;

    /// <summary>How long a silo waits for another's answer to a liveness probe.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Probes in a row a silo may miss before the prober votes it dead.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How long an Api node may answer reads of a submission or an API key from the copy it last read, unless the entity
    /// changes first (the entity tells it before the change answers); zero turns this off. A silo that dies tells no one:
    /// the first change of a stored entity in a new activation waits this long from the activation's start, and, kept
    /// shorter than <see cref="ProbeTimeout"/>, the leases a dead silo handed out have mostly run out by the time it is
    /// declared dead. A change also waits up to this long for a node that does not acknowledge.
    /// </summary>
    public TimeSpan ReadLease { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a client-mode Api reads the silos it may connect to from the membership table.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
