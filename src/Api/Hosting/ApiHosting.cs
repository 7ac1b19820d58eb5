using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Insure.Api.Features.Admin;
using Insure.Api.Features.AgencyTokens;
using Insure.Api.Features.ApiKeys;
using Insure.Api.Features.Claims;
using Insure.Api.Features.DealRooms;
using Insure.Api.Features.Events;
using Insure.Api.Features.Health;
using Insure.Api.Features.Integrations;
using Insure.Api.Features.Invoices;
using Insure.Api.Features.Ledger;
using Insure.Api.Features.Policies;
using Insure.Api.Features.Policyholders;
using Insure.Api.Features.Producers;
using Insure.Api.Features.Products;
using Insure.Api.Features.Referrals;
using Insure.Api.Features.Submissions;
using Insure.Api.Features.Webhooks;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Hosting;
using Microsoft.AspNetCore.Rewrite;
using Orleans.Dashboard;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Insure.Api.Hosting;

public static class ApiHosting
{
    /// <summary>Orleans (embedded silo or cluster client), JSON rules, OpenAPI and the request pipeline's services.</summary>
    public static WebApplicationBuilder AddInsure(this WebApplicationBuilder builder)
    {
        if (ConfigurationProblems(builder.Configuration) is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(ApiOptions.Section, typeof(ApiOptions), problems);
        }
        var options = InsureOptions.From(builder.Configuration);
        var api = ApiOptions.From(builder.Configuration);
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
            builder.UseOrleans(silo => silo.UseInsure(builder.Configuration).UseInsureEventPayloads());
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
        // Real time: a remembered key's lifetime and the subscription's period are the node's, not a tenant's.
        var subscription = new AccessChangeSubscription(TimeProvider.System);
        builder.Services.AddSingleton(subscription);
        builder.Services.AddSingleton(new CheckedCredentials(TimeProvider.System, subscription));
        builder.Services.AddSingleton<RateLimitLeases>();
        builder.Services.AddSingleton(sp => new ReadLeaseCache(sp.GetRequiredService<IGrainFactory>(), options.Orleans.ReadLease > TimeSpan.Zero));
        builder.Services.AddSingleton(sp => new AccessChangeListener(sp.GetRequiredService<IGrainFactory>(), subscription,
            sp.GetRequiredService<CheckedCredentials>(), sp.GetRequiredService<RateLimitLeases>(), TimeProvider.System,
            sp.GetRequiredService<ILogger<AccessChangeListener>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccessChangeListener>());
        builder.Services.AddSingleton(new AgencyTokenLifetime(options.AgencyTokens.Lifetime));
        builder.Services.AddSingleton<AgencyTokenKeyRing>();
        builder.Services.AddSingleton<AgencyAccessTokens>();
        builder.Services.AddSingleton<PlaygroundInfo>();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<DealRoomAccess>();
        builder.Services.AddSingleton<DealRoomFanout>();
        builder.Services.AddSingleton<Features.Health.Readiness>();
        builder.Services.AddHostedService<StartupBanner>();
        builder.Services.AddHostedService<ShutdownDeadline>();

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
        // An embedded Api is the whole platform in one process; a client-mode one is a node in front of silos.
        builder.AddInsureTelemetry(options.Mode == HostingMode.Client ? "insure-api" : "insure");
        return builder;
    }

    /// <summary>
    /// Webhook deliveries carry each event as the Api shows it: every silo, embedded here or a Silo process, renders
    /// event data with the Api's own mappings.
    /// </summary>
    public static ISiloBuilder UseInsureEventPayloads(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IEventRenderer, EventPayloads>();
        return silo;
    }

    /// <summary>
    /// What stops an Api node from starting with <paramref name="configuration"/>, each problem naming its setting: the
    /// silo's or cluster client's (<see cref="InsureHosting.ConfigurationProblems"/>), secrets too short to resist guessing,
    /// and limits that would lock everyone out. Empty when it can start.
    /// </summary>
    public static IReadOnlyList<string> ConfigurationProblems(IConfiguration configuration)
    {
        var problems = InsureHosting.ConfigurationProblems(configuration).ToList();
        InsureOptions insure;
        ApiOptions options;
        try
        {
            insure = InsureOptions.From(configuration);
            options = ApiOptions.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            // Both read the same section: the silo's check may have named this failure already.
            var unreadable = $"The Insure settings cannot be read: {ex.Message}";
            return problems.Contains(unreadable) ? problems : [.. problems, unreadable];
        }
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
        if (options.Claims.MaxAttachmentBytes is < 1 or > MaxAttachmentBytes)
        {
            problems.Add($"Insure:Claims:MaxAttachmentBytes (env Insure__Claims__MaxAttachmentBytes) must be from 1 to {MaxAttachmentBytes}; it is {options.Claims.MaxAttachmentBytes}");
        }
        if (insure.AgencyTokens.Lifetime < AgencyTokenSettings.MinLifetime || insure.AgencyTokens.Lifetime > AgencyTokenSettings.MaxLifetime)
        {
            problems.Add($"Insure:AgencyTokens:Lifetime (env Insure__AgencyTokens__Lifetime) must be from {AgencyTokenSettings.MinLifetime} to {AgencyTokenSettings.MaxLifetime}; it is {insure.AgencyTokens.Lifetime}");
        }
        return problems;
    }

    private const int MinimumSecretLength = 32;

    /// <summary>The largest attachment the blob stores can hold in one piece (an int's worth of bytes, less the multipart framing).</summary>
    private const long MaxAttachmentBytes = int.MaxValue - 64 * 1024;

    public static WebApplication UseInsure(this WebApplication app)
    {
        app.UseMiddleware<RequestPipelineMiddleware>();
        app.UseRewriter(new RewriteOptions().AddRewrite("^openapi\\.json$", "openapi/v1.json", skipRemainingRules: true));
        // The deal-room page's scripts and styles (wwwroot): public files, so no API key; the page itself is served by
        // UseDealRoomLinks, behind its link, with its headers: the pages are not static files (no .html type here).
        var types = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider();
        types.Mappings.Remove(".html");
        types.Mappings.Remove(".htm");
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            OnPrepareResponse = file => file.Context.Response.Headers.XContentTypeOptions = "nosniff",
        });
        app.UseDealRoomLinks();
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
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
        app.MapClaims();
        app.MapInvoices();
        app.MapLedger();
        app.MapWebhooks();
        app.MapDealRooms();
        app.MapDealRoomHub();
        app.MapReferrals();
        app.MapProducers();
        app.MapIntegrations();
        app.MapAgencyTokens();
        app.MapAgencyTokenRevocation();
        app.MapAgencyTokenKeysAdmin();
        if (app.Services.GetRequiredService<InsureOptions>().Dashboard.Enabled)
        {
            // Every dashboard route (its page, assets, data and live trace) needs the admin secret; a browser is asked for it.
            app.MapOrleansDashboard("/dashboard").WithMetadata(new AdminOnly(BrowserPrompt: true)).ExcludeFromDescription();
        }
        return app;
    }
}
