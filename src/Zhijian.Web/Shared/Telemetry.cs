using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Zhijian.Web.Shared;

/// <summary>Settings of the <c>Telemetry</c> section: OpenTelemetry traces and metrics, exported over OTLP.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// The OTLP collector, e.g. <c>http://collector:4317</c> (gRPC) or <c>http://collector:4318</c> with
    /// <see cref="Protocol"/> <c>http</c>. Empty (the default) leaves telemetry off unless the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http</c> (protobuf over HTTP).</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> of the traces and metrics.</summary>
    public string ServiceName { get; set; } = "zhijian";
}

/// <summary>
/// The application's own instruments, and OpenTelemetry's registration: ASP.NET Core, HttpClient, Npgsql and .NET
/// runtime instrumentation plus the jobs' durations, exported over OTLP when configured (operations.md).
/// </summary>
public static class Telemetry
{
    public const string Name = "Zhijian";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Duration of each scheduled job's run, tagged with <c>job</c> and <c>outcome</c> (ok, failed).</summary>
    public static readonly Histogram<double> JobDuration =
        Meter.CreateHistogram<double>("zhijian.job.duration", "s", "Duration of one run of a scheduled job");

    /// <summary>Whether the configuration switches the exporter on.</summary>
    public static bool IsEnabled(IConfiguration config) =>
        !string.IsNullOrWhiteSpace(config[$"{TelemetryOptions.Section}:OtlpEndpoint"])
        || !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IServiceCollection AddZhijianTelemetry(this IServiceCollection services, IConfiguration config)
    {
        if (!IsEnabled(config))
        {
            return services;
        }

        var options = config.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        void Exporter(OtlpExporterOptions o)
        {
            if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
            {
                o.Endpoint = new Uri(options.OtlpEndpoint);
            }

            o.Protocol = string.Equals(options.Protocol, "http", StringComparison.OrdinalIgnoreCase)
                ? OtlpExportProtocol.HttpProtobuf
                : OtlpExportProtocol.Grpc;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(t => t
                .AddSource(Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Searches carry ID numbers and names in the query string: traces keep the path only.
                    o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health");
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(Exporter))
            .WithMetrics(m => m
                .AddMeter(Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddOtlpExporter(Exporter));
        return services;
    }
}
