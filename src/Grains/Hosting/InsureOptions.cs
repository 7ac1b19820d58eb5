namespace Insure.Grains.Hosting;

/// <summary>The `Insure` configuration section (environment form: `Insure__Storage`, `Insure__Orleans__SiloPort`, ...).</summary>
public sealed class InsureOptions
{
    public const string Section = "Insure";
    public const string ConnectionStringName = "Insure";

    /// <summary>`Memory` (default: everything in process memory) or `Postgres` (ConnectionStrings:Insure).</summary>
    public StorageKind Storage { get; set; } = StorageKind.Memory;

    /// <summary>`Embedded` (default: the Api hosts a silo) or `Client` (the Api joins a cluster of Silo processes).</summary>
    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    public OrleansSettings Orleans { get; set; } = new();

    /// <summary>Bearer secret for `/v1/admin/*`, at least 32 characters. Unset: the admin routes answer 401 to everyone.</summary>
    public string? AdminSecret { get; set; }

    /// <summary>
    /// Server secret (at least 32 characters) that tags API keys, so forged keys are refused without a lookup.
    /// Unset: generated per process with memory storage, or generated once and kept in the database with Postgres.
    /// </summary>
    public string? KeySigningSecret { get; set; }

    public ApiKeySettings ApiKeys { get; set; } = new();

    public RateLimitSettings RateLimits { get; set; } = new();

    public PolicySettings Policies { get; set; } = new();

    public IdempotencySettings Idempotency { get; set; } = new();

    public ListSettings Lists { get; set; } = new();

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Embedded mode: create a playground organization and print its sandbox key when the store is empty.</summary>
    public bool SeedPlayground { get; set; } = true;

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

/// <summary>Requests per API key per minute, per tenant, and failed authentications per client address.</summary>
public sealed class RateLimitSettings
{
    public int Sandbox { get; set; } = 100;
    public int Standard { get; set; } = 1_000;
    public int Enterprise { get; set; } = 10_000;
    public int DocumentsIngest { get; set; } = 20;

    /// <summary>A tenant (organization + environment) gets this many times one key's limit, however many keys it has.</summary>
    public int TenantMultiple { get; set; } = 5;

    /// <summary>Failed authentications a client address may make per minute before its requests get 429.</summary>
    public int FailedAuthPerMinute { get; set; } = 30;

    public int For(string environment, string tier) => environment == Tenant.Sandbox
        ? Sandbox
        : tier == OrganizationTiers.Enterprise ? Enterprise : Standard;

    /// <summary>The tenant's limit: <see cref="TenantMultiple"/> times the key limit, capped at int.MaxValue (benchmarks raise the key limit to 10^9).</summary>
    public int TenantFor(string environment, string tier) => (int)Math.Min(int.MaxValue, (long)For(environment, tier) * TenantMultiple);
}

/// <summary>API key issuance.</summary>
public sealed class ApiKeySettings
{
    /// <summary>Live (unrevoked, unexpired) keys an organization may hold per environment.</summary>
    public int MaxLivePerTenant { get; set; } = 100;
}
