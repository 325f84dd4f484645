using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Zhijian.E2E.Infrastructure;

/// <summary>
/// The application as it is deployed: the output of <c>dotnet publish</c> (the only output that carries the console's
/// static web assets), started as its own process in the Production environment on a free loopback port.
/// scripts/test.sh publishes once and passes the folder in <c>ZHIJIAN_PUBLISHED_APP</c>; without it, the first
/// server of a test run publishes into artifacts/e2e/app.
/// </summary>
public sealed class PublishedServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static string? published;

    private readonly Process process;
    private readonly string logFile;

    private PublishedServer(Process process, Uri address, string logFile)
    {
        this.process = process;
        this.logFile = logFile;
        Address = address;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:43117/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts the published application with <paramref name="settings"/> as environment variables.</summary>
    public static async Task<PublishedServer> StartAsync(string workDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var app = await PublishedAppAsync();
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        Directory.CreateDirectory(workDirectory);
        // The server's log outlives the test's temporary folder, so that a failed browser test can be explained.
        var logs = Path.Combine(Repository.Root, "artifacts", "e2e", "logs");
        Directory.CreateDirectory(logs);
        var logFile = Path.Combine(logs, $"server-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{port}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(app, "Zhijian.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // As the systemd unit does (WorkingDirectory): the content root holds wwwroot and appsettings.json.
        start.Environment["ASPNETCORE_CONTENTROOT"] = app;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PublishedServer(process, address, logFile);
        await server.WaitUntilReadyAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3); // the first start migrates and loads the demo data
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The published app exited with {process.ExitCode}:\n{Log()}");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The published app did not become ready at {Address}:\n{Log()}");
    }

    private string Log()
    {
        try
        {
            var lines = File.ReadAllLines(logFile);
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 60)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The published application's folder: ZHIJIAN_PUBLISHED_APP, or artifacts/e2e/app published once per run.</summary>
    private static async Task<string> PublishedAppAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            if (published is not null)
            {
                return published;
            }

            var given = Environment.GetEnvironmentVariable("ZHIJIAN_PUBLISHED_APP");
            if (!string.IsNullOrWhiteSpace(given))
            {
                if (!File.Exists(Path.Combine(given, "Zhijian.Web.dll")))
                {
                    throw new InvalidOperationException($"ZHIJIAN_PUBLISHED_APP={given} holds no Zhijian.Web.dll");
                }

                return published = given;
            }

            var output = Path.Combine(Repository.Root, "artifacts", "e2e", "app");
            var publish = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Repository.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "publish", "src/Zhijian.Web", "-c", "Release", "-o", output })
            {
                publish.ArgumentList.Add(arg);
            }

            using var process = Process.Start(publish) ?? throw new InvalidOperationException("dotnet publish did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed:\n{await stdout}\n{await stderr}");
            }

            return published = output;
        }
        finally
        {
            PublishLock.Release();
        }
    }
}
