using Insure.Api.Features.Admin;
using Insure.Api.Features.ApiKeys;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Hosting;

namespace Insure.Api.Hosting;

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
