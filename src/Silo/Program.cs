using Insure.Grains.Hosting;
using Microsoft.Extensions.Hosting;

// A silo of an Insure cluster: every provider choice lives in UseInsure, so silos and the embedded Api agree.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseInsure(builder.Configuration));
using var host = builder.Build();
await host.RunAsync();
