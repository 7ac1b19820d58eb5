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

    public ClaimSettings Claims { get; set; } = new();

    public BillingSettings Billing { get; set; } = new();

    public BlobSettings Blobs { get; set; } = new();

    public WebhookSettings Webhooks { get; set; } = new();

    public IdempotencySettings Idempotency { get; set; } = new();

    public ListSettings Lists { get; set; } = new();

    public AgencyTokenSettings AgencyTokens { get; set; } = new();

    public DashboardSettings Dashboard { get; set; } = new();

    public ShutdownSettings Shutdown { get; set; } = new();

    public static InsureOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.Get<InsureOptions>(configuration.GetSection(Section)) ?? new InsureOptions();
}
