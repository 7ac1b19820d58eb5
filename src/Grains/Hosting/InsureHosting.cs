using System.Net;
using Insure.Grains.Billing;
using Insure.Grains.Blobs;
using Insure.Grains.Idempotency;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Insure.Grains.Storage;
using Insure.Grains.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;

namespace Insure.Grains.Hosting;

/// <summary>The one place that says which clustering, storage, reminders and streams a silo or client uses.</summary>
public static class InsureHosting
{
    public const string Invariant = "Npgsql";
    /// <summary>Service key of the <see cref="TimeProvider"/> every domain rule reads (tests swap it for a fake clock).</summary>
    public const string Clock = Names.Clock;

    private static readonly TimeSpan StreamPollPeriod = TimeSpan.FromMilliseconds(20);

    public static ISiloBuilder UseInsure(this ISiloBuilder silo, IConfiguration configuration)
    {
        RequireValidConfiguration(configuration);
        var options = InsureOptions.From(configuration);
        var orleans = options.Orleans;
        silo.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = orleans.ClusterId;
            c.ServiceId = orleans.ServiceId;
        });
        AddInsureServices(silo.Services, configuration, options);
        silo.Services.AddPaymentGateway(options.Billing);
        // Webhook bodies show each event's data as the Api renders it; a silo without the Api's rendering sends it as stored.
        silo.Services.TryAddSingleton<IEventRenderer, Events.StoredEventRenderer>();
        silo.Services.TryAddSingleton(_ => new Webhooks.WebhookUrlGuard(options));
        // An attempt's timeout is real time: a receiver is slow in the world's time, whatever a tenant's clock says.
        silo.Services.TryAddSingleton(_ => new Webhooks.WebhookSender(options.Webhooks, TimeProvider.System));

        if (options.Storage == StorageKind.Postgres)
        {
            var connectionString = RequireConnectionString(configuration);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaOnStart>();
            silo.Services.AddHostedService(sp => new FirstStatistics(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<FirstStatistics>>()));
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.IAmAliveTablePublishTimeout = orleans.IAmAlivePeriod;
                o.NumMissedTableIAmAliveLimit = orleans.MissedIAmAliveLimit;
                o.ProbeTimeout = orleans.ProbeTimeout;
                o.NumMissedProbesLimit = orleans.MissedProbesLimit;
            });
            var advertised = orleans.AdvertisedIPAddress is { Length: > 0 } ip ? IPAddress.Parse(ip) : null;
            if (advertised is null)
            {
                silo.ConfigureEndpoints(orleans.SiloPort, orleans.GatewayPort);
            }
            else
            {
                silo.ConfigureEndpoints(advertised, orleans.SiloPort, orleans.GatewayPort);
            }
            silo.Services.TryAddSingleton<IIdempotencyStore, PostgresIdempotencyStore>();
            AddPostgresGrainStorage(silo, Names.Storage, connectionString);
            AddPostgresGrainStorage(silo, Names.PubSubStore, connectionString);
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
        }
        else
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, null, orleans.ServiceId, orleans.ClusterId);
            silo.Services.TryAddSingleton<IIdempotencyStore, MemoryIdempotencyStore>();
            silo.AddMemoryGrainStorage(Names.Storage);
            silo.AddMemoryGrainStorage(Names.PubSubStore);
            silo.UseInMemoryReminderService();
        }
        FreshGrainStorage.Wrap(silo.Services, Names.Storage);
        // The pulling agents look for new stream messages every 20 ms instead of Orleans' 100 ms: the poll was most of a
        // webhook's latency under light load (bench/webhooks.sh). An idle process spends about 2% of a core more on it.
        silo.AddMemoryStreams(Names.StreamProvider, stream => stream.ConfigurePullingAgent(agent =>
            agent.Configure(o => o.GetQueueMsgsTimerPeriod = StreamPollPeriod)));
        if (TelemetryEnabled(configuration))
        {
            // Grain calls carry the caller's trace, so one request's spans join up across the Api and the silos.
            silo.AddActivityPropagation();
        }
        if (options.Dashboard.Enabled)
        {
            // Each silo profiles its grain calls and answers the dashboard's queries; an Api node shows them.
            silo.AddDashboard(o => o.HideTrace = true);
        }
        // One reminder for the cluster sweeps expired idempotency records (registered once the silo is active).
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<IIdempotencySweepGrain>(0).Start());
        return silo;
    }

    /// <summary>Client mode: the Api joins a cluster of silos found through the Postgres membership table.</summary>
    public static IClientBuilder UseInsure(this IClientBuilder client, IConfiguration configuration)
    {
        RequireValidConfiguration(configuration);
        var options = InsureOptions.From(configuration);
        client.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = options.Orleans.ClusterId;
            c.ServiceId = options.Orleans.ServiceId;
        });
        AddInsureServices(client.Services, configuration, options);
        if (options.Storage != StorageKind.Postgres)
        {
            client.UseLocalhostClustering(options.Orleans.GatewayPort, options.Orleans.ServiceId, options.Orleans.ClusterId);
        }
        else
        {
            var connectionString = RequireConnectionString(configuration);
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = options.Orleans.GatewayListRefreshPeriod);
            // An Api started before any silo answers (a cluster coming back from a power loss lists only dead gateways
            // until a restarted silo joins) keeps trying, reading the table again, rather than giving up after a while.
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        }
        client.AddMemoryStreams(Names.StreamProvider);
        if (TelemetryEnabled(configuration))
        {
            client.AddActivityPropagation();
        }
        if (options.Dashboard.Enabled)
        {
            client.AddDashboard(o => o.HideTrace = true);
        }
        return client;
    }

    /// <summary>Services both silos and clients need: the clock, the query store and the blob store (applying the schema first in Postgres mode).</summary>
    private static void AddInsureServices(IServiceCollection services, IConfiguration configuration, InsureOptions options)
    {
        services.TryAddSingleton(options);
        // A database failure in a silo reaches a client-mode Api as itself (not a generic fallback), so the Api can
        // answer it with 503 rather than 500.
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        services.TryAddKeyedSingleton(Clock, TimeProvider.System);
        services.TryAddSingleton(sp => new TenantClocks(sp.GetRequiredKeyedService<TimeProvider>(Clock)));
        services.TryAddSingleton(_ => ProductCatalog.LoadEmbedded());
        if (options.Storage == StorageKind.Postgres)
        {
            var connectionString = RequireConnectionString(configuration);
            services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            services.TryAddSingleton<IQueryStore>(sp => new PostgresQueryStore(sp.GetRequiredService<NpgsqlDataSource>(), options.Lists.MaxOffset));
        }
        else
        {
            services.TryAddSingleton<IQueryStore>(_ => new MemoryQueryStore(options.Lists.MaxOffset));
        }
        // Blobs follow the storage mode unless a directory is configured.
        if (options.Blobs.Directory is { Length: > 0 } directory)
        {
            services.TryAddSingleton<IBlobStore>(_ => new FileSystemBlobStore(directory));
        }
        else if (options.Storage == StorageKind.Postgres)
        {
            services.TryAddSingleton<IBlobStore>(sp => new PostgresBlobStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            services.TryAddSingleton<IBlobStore, MemoryBlobStore>();
        }
    }

    /// <summary>
    /// Whether OpenTelemetry export is on: an OTLP endpoint is named by a standard variable (`OTEL_EXPORTER_OTLP_ENDPOINT`
    /// or a signal's own) and `OTEL_SDK_DISABLED` is not `true`.
    /// </summary>
    public static bool TelemetryEnabled(IConfiguration configuration) =>
        !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
        && new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }
            .Any(name => !string.IsNullOrEmpty(configuration[name]));

    /// <summary>
    /// What stops a silo or cluster client from starting with <paramref name="configuration"/>, each problem naming its
    /// setting in environment form; empty when it can start. Settings it needs and lacks are problems too (the connection
    /// string, with Postgres storage).
    /// </summary>
    public static IReadOnlyList<string> ConfigurationProblems(IConfiguration configuration)
    {
        InsureOptions options;
        try
        {
            options = InsureOptions.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            return [$"The Insure settings cannot be read: {ex.Message}"];
        }
        var problems = new List<string>();
        if (options.Storage == StorageKind.Postgres && string.IsNullOrEmpty(configuration.GetConnectionString(InsureOptions.ConnectionStringName)))
        {
            problems.Add(MissingConnectionString);
        }
        if (options.Claims.ReopenWindowDays is < 0 or > 36_500)
        {
            problems.Add($"Insure:Claims:ReopenWindowDays (env Insure__Claims__ReopenWindowDays) must be from 0 to 36500; it is {options.Claims.ReopenWindowDays}");
        }
        if (options.Orleans.ReadLease < TimeSpan.Zero || options.Orleans.ReadLease >= options.Orleans.ProbeTimeout)
        {
            problems.Add($"Insure:Orleans:ReadLease (env Insure__Orleans__ReadLease) must be from 0 to less than Insure:Orleans:ProbeTimeout ({options.Orleans.ProbeTimeout}); it is {options.Orleans.ReadLease}");
        }
        AddWebhookProblems(options.Webhooks, problems);
        return problems;
    }

    private static void RequireValidConfiguration(IConfiguration configuration)
    {
        if (ConfigurationProblems(configuration) is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(InsureOptions.Section, typeof(InsureOptions), problems);
        }
    }

    private const string MissingConnectionString = "Insure:Storage is Postgres but ConnectionStrings:Insure (env ConnectionStrings__Insure) is not set.";

    /// <summary>
    /// Webhook timings that could not work. An attempt must end well inside Orleans' 30 s call timeout, since the
    /// dispatcher waits for each delivery's first attempt.
    /// </summary>
    private static void AddWebhookProblems(WebhookSettings webhooks, List<string> problems)
    {
        if (webhooks.Timeout <= TimeSpan.Zero || webhooks.Timeout > WebhookSettings.MaxTimeout)
        {
            problems.Add($"Insure:Webhooks:Timeout (env Insure__Webhooks__Timeout) must be more than 0 and at most {WebhookSettings.MaxTimeout}; it is {webhooks.Timeout}");
        }
        if (webhooks.Retries.Any(delay => delay <= TimeSpan.Zero))
        {
            problems.Add("Insure:Webhooks:RetryDelays (env Insure__Webhooks__RetryDelays__0, __1, ...) must all be more than 0");
        }
        if (webhooks.DisableAfter <= TimeSpan.Zero || webhooks.SecretOverlap < TimeSpan.Zero)
        {
            problems.Add("Insure:Webhooks:DisableAfter must be more than 0 and Insure:Webhooks:SecretOverlap at least 0");
        }
        if (webhooks.MaxResponseBodyBytes is < 0 or > 1024 * 1024)
        {
            problems.Add($"Insure:Webhooks:MaxResponseBodyBytes must be from 0 to 1048576; it is {webhooks.MaxResponseBodyBytes}");
        }
    }

    public static string RequireConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(InsureOptions.ConnectionStringName) is { Length: > 0 } cs
            ? Tuned(cs)
            : throw new InvalidOperationException(MissingConnectionString);

    /// <summary>
    /// The operator's connection string with two settings added unless it sets them itself:
    /// - `No Reset On Close=true`: nothing here changes a session's state (locks are per transaction), so a pooled
    ///   connection need not be reset with `DISCARD ALL` before each use, a statement per use and the end of its prepared
    ///   statements (measured: 51 of 119 statements of a bind);
    /// - `Max Auto Prepare=32`: a statement run a few times on a connection is prepared there, so the server stops parsing
    ///   and planning the same few dozen statements (storage, reminders, query records) on every call (measured: Postgres
    ///   bind flows 52.7 to 72.1 a second, the server's share of the cores 1.04 to 0.90). An operator behind a pooler that
    ///   cannot hold prepared statements sets `Max Auto Prepare=0`.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Names(string setting) => given.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(setting, StringComparison.OrdinalIgnoreCase));
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        if (!Names("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 32;
        }
        return builder.ConnectionString;
    }

    private static void AddPostgresGrainStorage(ISiloBuilder silo, string name, string connectionString)
    {
        silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> ob) => ob.Configure<IServiceProvider>((o, services) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
            // Orleans' own serializer: compact, and tolerant of renames because fields are matched by [Id], not by .NET names.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>());
            o.DeleteStateOnClear = true;
        }));
    }

    /// <summary>Applies the schema before clustering, storage and reminders look up their queries.</summary>
    private sealed class SchemaOnStart(NpgsqlDataSource dataSource) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SchemaOnStart), ServiceLifecycleStage.First, ct => PostgresSchema.Apply(dataSource, ct));
    }
}
