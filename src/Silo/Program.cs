using Insure.Api.Hosting;
using Insure.Grains.Hosting;
using Microsoft.Extensions.Hosting;

// A silo of an Insure cluster: every provider choice lives in UseInsure, so silos and the embedded Api agree. The Api's
// event rendering comes along, so webhook deliveries made here carry events exactly as the Api shows them.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseInsure(builder.Configuration).UseInsureEventPayloads());
using var host = builder.Build();
await host.RunAsync();
