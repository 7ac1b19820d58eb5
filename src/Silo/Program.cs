using Insure.Api.Hosting;
using Insure.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// A silo of an Insure cluster: every provider choice lives in UseInsure, so silos and the embedded Api agree. The Api's
// event rendering comes along, so webhook deliveries made here carry events exactly as the Api shows them.
var builder = Host.CreateApplicationBuilder(args);
// A silo's defaults, under every settings file, variable and argument: it is a node of a cluster on PostgreSQL.
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?> { ["Insure:Storage"] = "Postgres" },
});
try
{
    builder.UseOrleans(silo => silo.UseInsure(builder.Configuration).UseInsureEventPayloads());
}
catch (OptionsValidationException invalid)
{
    return StartupFailure.Report(invalid);
}
builder.AddInsureTelemetry("insure-silo");
builder.Services.AddHostedService<ShutdownDeadline>();
using var host = builder.Build();
await host.RunAsync();
return 0;
