using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Insure.Api.Features.Admin;
using Insure.Api.Features.ApiKeys;
using Insure.Api.Features.Events;
using Insure.Api.Features.Health;
using Insure.Api.Features.Policies;
using Insure.Api.Features.Policyholders;
using Insure.Api.Features.Products;
using Insure.Api.Features.Submissions;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Hosting;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Insure.Api.Hosting;

public static class ApiHosting
{
    /// <summary>Orleans (embedded silo or cluster client), JSON rules, OpenAPI and the request pipeline's services.</summary>
    public static WebApplicationBuilder AddInsure(this WebApplicationBuilder builder)
    {
        var options = InsureOptions.From(builder.Configuration);
        var api = ApiOptions.From(builder.Configuration);
        RequireValidSettings(api);
        builder.Services.AddSingleton(api);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes);

        if (options.Mode == HostingMode.Client)
        {
            if (options.Storage == StorageKind.Postgres)
            {
                // Registered before the Orleans client so the query tables exist before the first request.
                builder.Services.AddHostedService<PostgresSchemaHostedService>();
            }
            builder.UseOrleansClient(client => client.UseInsure(builder.Configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.UseInsure(builder.Configuration));
        }

        var adminSecret = api.AdminSecret is { Length: > 0 } configured
            ? new AdminSecret(configured)
            : new AdminSecret(options.Mode == HostingMode.Embedded && options.Storage == StorageKind.Memory
                ? "adm_" + RandomNumberGenerator.GetHexString(32, lowercase: true)
                : null);
        builder.Services.AddSingleton(adminSecret);
        // Registered after the Orleans host, whose start applies the Postgres schema the stored secret lives in.
        builder.Services.AddSingleton<ApiKeySigner>();
        builder.Services.AddHostedService<ApiKeySigningSecretLoader>();
        builder.Services.AddSingleton<ApiKeyIssuer>();
        builder.Services.AddSingleton<FailedAuthenticationLimiter>();
        builder.Services.AddSingleton<PlaygroundInfo>();
        builder.Services.AddHostedService<StartupBanner>();

        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.AllowTrailingCommas = false;
            o.SerializerOptions.ReadCommentHandling = JsonCommentHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        });
        builder.Services.AddInsureOpenApi();
        return builder;
    }

    /// <summary>Secrets too short to resist guessing, and limits that would lock everyone out, stop the start with a clear message.</summary>
    private static void RequireValidSettings(ApiOptions options)
    {
        var problems = new List<string>();
        void Secret(string? value, string name)
        {
            if (value is { Length: > 0 and < MinimumSecretLength })
            {
                problems.Add($"Insure:{name} (env Insure__{name}) must be at least {MinimumSecretLength} characters long, and the configured one has {value.Length}; generate one with: openssl rand -hex 32");
            }
        }
        Secret(options.AdminSecret, nameof(ApiOptions.AdminSecret));
        Secret(options.KeySigningSecret, nameof(ApiOptions.KeySigningSecret));
        void AtLeastOne(int value, string name)
        {
            if (value < 1)
            {
                problems.Add($"Insure:{name} (env Insure__{name.Replace(":", "__", StringComparison.Ordinal)}) must be at least 1; it is {value}");
            }
        }
        AtLeastOne(options.RateLimits.TenantMultiple, "RateLimits:TenantMultiple");
        AtLeastOne(options.RateLimits.FailedAuthPerMinute, "RateLimits:FailedAuthPerMinute");
        AtLeastOne(options.ApiKeys.MaxLivePerTenant, "ApiKeys:MaxLivePerTenant");
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(ApiOptions.Section, typeof(ApiOptions), problems);
        }
    }

    private const int MinimumSecretLength = 32;

    public static WebApplication UseInsure(this WebApplication app)
    {
        app.UseMiddleware<RequestPipelineMiddleware>();
        app.UseRewriter(new RewriteOptions().AddRewrite("^openapi\\.json$", "openapi/v1.json", skipRemainingRules: true));
        app.UseRouting();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.UseMiddleware<IdempotencyMiddleware>();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", o => o.WithTitle("Insure API"));
        app.MapHealth();
        app.MapOrganizationsAdmin();
        app.MapApiKeys();
        app.MapEvents();
        app.MapProducts();
        app.MapSubmissions();
        app.MapPolicies();
        app.MapPolicyholders();
        return app;
    }
}

/// <summary>The playground organization seeded on an empty embedded in-memory start (null otherwise).</summary>
public sealed class PlaygroundInfo
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CreatedOrganizationDto? Organization { get; set; }

    /// <summary>Completes once start-up has decided whether to seed, and seeded if so.</summary>
    public Task Settled => _settled.Task;

    internal void Settle() => _settled.TrySetResult();
}

/// <summary>
/// Loads the secret that tags API keys before the server takes requests: the configured one; else, with Postgres,
/// the one in the database (created by the first node), so keys work on every Api node and after restarts; else a
/// fresh one for this process, whose keys live only in its memory anyway.
/// </summary>
internal sealed class ApiKeySigningSecretLoader(InsureOptions options, ApiOptions api, ApiKeySigner signer, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (api.KeySigningSecret is { Length: > 0 } configured)
        {
            signer.Load(System.Text.Encoding.UTF8.GetBytes(configured));
        }
        else if (options.Storage == StorageKind.Postgres)
        {
            var dataSource = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
            signer.Load(await Insure.Grains.Storage.Postgres.PostgresSecrets.GetOrCreate(
                dataSource, "api_key_signing", RandomNumberGenerator.GetBytes(32), cancellationToken));
        }
        else
        {
            signer.Load(RandomNumberGenerator.GetBytes(32));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Once the server listens: seeds the playground (embedded in-memory, empty store) and prints how to make a first call.</summary>
internal sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    Microsoft.AspNetCore.Hosting.Server.IServer server,
    InsureOptions options,
    ApiOptions api,
    AdminSecret adminSecret,
    IGrainFactory grains,
    ApiKeyIssuer issuer,
    Insure.Grains.Queries.IQueryStore queries,
    PlaygroundInfo playground,
    ILogger<StartupBanner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        try
        {
            // Only where data is throwaway: a durable store must not gain an organization with an all-scopes key
            // that nobody asked for.
            if (options.Mode == HostingMode.Embedded && options.Storage == StorageKind.Memory && api.SeedPlayground
                && !await queries.Any(Insure.Grains.Queries.QueryKinds.Organization, stoppingToken))
            {
                playground.Organization = await Organizations.Create(grains, issuer, "Playground", Actor.Platform);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not seed the playground organization");
        }
        finally
        {
            playground.Settle();
        }
        Console.WriteLine(Banner());
    }

    private string Banner()
    {
        var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        var url = addresses?.FirstOrDefault()?.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost") ?? "http://localhost:5000";
        var lines = new List<string>
        {
            "",
            "  Insure is running",
            $"  API       {url}/v1",
            $"  Explorer  {url}/scalar",
            $"  OpenAPI   {url}/openapi.json",
            $"  Mode      {options.Mode}, storage {options.Storage}",
        };
        if (options.Storage == StorageKind.Memory)
        {
            lines.Add("  Data lives in this process's memory and is gone when it stops. For durable storage set");
            lines.Add("  Insure__Storage=Postgres and ConnectionStrings__Insure=\"Host=...;Database=...;Username=...;Password=...\".");
        }
        if (playground.Organization is { } org)
        {
            lines.Add("");
            lines.Add($"  Playground organization {org.Id} with a sandbox key (shown once):");
            lines.Add($"    {org.ApiKey.Key}");
            lines.Add("  Try it:");
            lines.Add($"    curl -H \"Authorization: Bearer {org.ApiKey.Key}\" {url}/v1/api-keys");
        }
        if (api.AdminSecret is not { Length: > 0 } && adminSecret.Value is { } generated)
        {
            lines.Add("");
            lines.Add($"  Admin secret for /v1/admin (generated for this run; set Insure__AdminSecret to fix it): {generated}");
        }
        lines.Add("");
        return string.Join(Environment.NewLine, lines);
    }
}
