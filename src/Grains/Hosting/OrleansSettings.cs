namespace Insure.Grains.Hosting;

public sealed class OrleansSettings
{
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "insure";
    public string ServiceId { get; set; } = "insure";
    /// <summary>The address other silos and clients reach this silo on; unset: the machine's first non-loopback address.</summary>
    public string? AdvertisedIPAddress { get; set; }
}
