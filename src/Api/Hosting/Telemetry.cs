using Insure.Api.Infrastructure;
using Insure.Grains.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Insure.Api.Hosting;

/// <summary>
/// OpenTelemetry for both programs: traces and metrics of ASP.NET Core, HttpClient (webhook deliveries), Orleans and
/// Npgsql, exported over OTLP. Configured only by the standard `OTEL_*` variables, and on only when one of them names
/// an OTLP endpoint (<see cref="InsureHosting.TelemetryEnabled"/>): otherwise nothing is collected.
/// </summary>
public static class Telemetry
{
    /// <summary>Orleans' activity sources (grain calls, storage, lifecycle) and meter.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];
    private const string OrleansMeter = "Microsoft.Orleans";

    public static IHostApplicationBuilder AddInsureTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        if (!InsureHosting.TelemetryEnabled(builder.Configuration))
        {
            return builder;
        }
        // OTEL_SERVICE_NAME, when set, names the service instead.
        var named = !string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!named)
                {
                    resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId);
                }
            })
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource(OrleansSources)
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(OrleansMeter)
                .AddMeter(ReadLeaseCache.MeterName)
                .AddNpgsqlInstrumentation())
            .UseOtlpExporter();
        return builder;
    }
}
