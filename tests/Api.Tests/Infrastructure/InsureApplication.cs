using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Insure.Grains;
using Insure.Grains.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// The Api in-process (embedded silo on free ports) with a fake clock. Memory storage unless a Postgres
/// connection string is given. One instance is shared per test collection.
/// </summary>
public class InsureApplication : WebApplicationFactory<Program>
{
    public const string AdminSecret = "test-admin-secret-0123456789abcdef";
    private readonly Dictionary<string, string?> _settings;

    /// <summary>The platform's own clock (rate-limit windows, idempotency records); tenants' rules read <see cref="Clocks"/>.</summary>
    public FakeTimeProvider Clock { get; } = new(TestClocks.Start);

    /// <summary>Each organization's own clock.</summary>
    public TestClocks Clocks { get; } = new();

    /// <summary>The embedded silo's activations, as Orleans reports them.</summary>
    public GrainActivity Grains { get; } = new();

    public InsureApplication() : this(null)
    {
    }

    protected InsureApplication(IDictionary<string, string?>? settings)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Insure:AdminSecret"] = AdminSecret,
            ["Insure:Orleans:SiloPort"] = PostgresServer.FreePort().ToString(),
            ["Insure:Orleans:GatewayPort"] = PostgresServer.FreePort().ToString(),
            ["Insure:Orleans:AdvertisedIPAddress"] = "127.0.0.1",
            ["Insure:Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Insure:SeedPlayground"] = "false",
            // The tests of a collection all come from one client address (the test server has none) under a clock
            // that barely moves, so the default 30 failures a minute would soon refuse them all. The limit itself is
            // tested with its own small setting.
            ["Insure:RateLimits:FailedAuthPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            // A host in the test process must never end the process: the shutdown deadline is for real processes.
            ["Insure:Shutdown:Deadline"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            foreach (var clock in services.Where(d => d.IsKeyedService && d.ServiceType == typeof(TimeProvider) && Equals(d.ServiceKey, InsureHosting.Clock)).ToList())
            {
                services.Remove(clock);
            }
            services.AddKeyedSingleton<TimeProvider>(InsureHosting.Clock, Clock);
            services.RemoveAll<TenantClocks>();
            services.AddSingleton<TenantClocks>(Clocks);
            services.AddSingleton<IConfigureGrainContextProvider>(Grains);
            ConfigureServices(services);
        });
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public HttpClient CreateAdminClient() => CreateClient(AdminSecret);

    /// <summary>A new organization through the admin route; returns its id and sandbox key.</summary>
    public async Task<(string OrgId, string Key)> CreateOrganization(string name = "Acme Insurance")
    {
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/v1/admin/organizations", new { name });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("apiKey").GetProperty("key").GetString()!);
    }

    /// <summary>The clock of the organization whose key <paramref name="client"/> sends.</summary>
    public FakeTimeProvider ClockOf(HttpClient client)
    {
        var header = client.DefaultRequestHeaders.Authorization?.Parameter;
        Assert.True(ApiKeyFormat.TryParse(header, out var tenant, out _), "the client sends no API key");
        return Clocks.Of(tenant.OrgId);
    }

    /// <summary>Today on the clock of the organization whose key <paramref name="client"/> sends.</summary>
    public DateOnly TodayOf(HttpClient client) => DateOnly.FromDateTime(ClockOf(client).GetUtcNow().UtcDateTime);


    /// <summary>A key for the organization through the admin API (which no rate limit counts); returns its id and secret.</summary>
    public async Task<(string Id, string Key)> CreateKey(string orgId, object request)
    {
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync($"/v1/admin/organizations/{orgId}/api-keys", request);
        var body = await response.Json();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<InsureApplication>
{
    public const string Name = "api";
}
