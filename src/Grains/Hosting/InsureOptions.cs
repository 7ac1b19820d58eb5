namespace Insure.Grains.Hosting;

/// <summary>
/// The silo's part of the `Insure` configuration section (environment form: `Insure__Storage`,
/// `Insure__Orleans__SiloPort`, ...). The Api reads its own settings from the same section.
/// </summary>
public sealed class InsureOptions
{
    public const string Section = "Insure";
    public const string ConnectionStringName = "Insure";

    /// <summary>`Memory` (default: everything in process memory) or `Postgres` (ConnectionStrings:Insure).</summary>
    public StorageKind Storage { get; set; } = StorageKind.Memory;

    /// <summary>`Embedded` (default: the Api hosts a silo) or `Client` (the Api joins a cluster of Silo processes).</summary>
    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    public OrleansSettings Orleans { get; set; } = new();

    public PolicySettings Policies { get; set; } = new();

    public IdempotencySettings Idempotency { get; set; } = new();

    public ListSettings Lists { get; set; } = new();

    public static InsureOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.Get<InsureOptions>(configuration.GetSection(Section)) ?? new InsureOptions();
}

public enum StorageKind
{
    Memory = 0,
    Postgres = 1,
}

public enum HostingMode
{
    Embedded = 0,
    Client = 1,
}

public sealed class OrleansSettings
{
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "insure";
    public string ServiceId { get; set; } = "insure";
    /// <summary>The address other silos and clients reach this silo on; unset: the machine's first non-loopback address.</summary>
    public string? AdvertisedIPAddress { get; set; }
}

/// <summary>Policy lifecycle windows.</summary>
public sealed class PolicySettings
{
    /// <summary>How many days before expiry the renewal is offered.</summary>
    public int RenewalOfferDays { get; set; } = 60;

    /// <summary>How many days after a cancellation's effective date it can still be reinstated.</summary>
    public int ReinstatementWindowDays { get; set; } = 30;

    /// <summary>How many days before today a cancellation may take effect.</summary>
    public int MaxBackdateDays { get; set; } = 30;
}
