using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

[assembly: AssemblyFixture(typeof(Zhijian.Tests.Infrastructure.PostgresServerShutdown))]

namespace Zhijian.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for integration tests: started once per test process from the
/// machine's PostgreSQL binaries in a temporary directory, shared by all tests, each of which
/// creates its own database. Set <c>ZHIJIAN_TEST_PG</c> to a superuser connection string to use
/// an existing server instead.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>Environment variable holding a superuser connection string to an existing server.</summary>
    public const string ExternalServerVariable = "ZHIJIAN_TEST_PG";

    /// <summary>Environment variable naming the directory that holds <c>initdb</c> and <c>pg_ctl</c>.</summary>
    public const string BinDirectoryVariable = "PG_BIN";

    private const int StartAttempts = 3;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<Task<PostgresServer>> Instance =
        new(StartOrConnectAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly NpgsqlConnectionStringBuilder baseConnection;
    private readonly string adminDatabase;
    private readonly LocalCluster? cluster;
    private int disposed;

    private PostgresServer(NpgsqlConnectionStringBuilder baseConnection, string adminDatabase, LocalCluster? cluster)
    {
        this.baseConnection = baseConnection;
        this.adminDatabase = adminDatabase;
        this.cluster = cluster;
    }

    /// <summary>True when the server was started by this process (not taken from <c>ZHIJIAN_TEST_PG</c>).</summary>
    public bool IsOwnedByThisProcess => cluster is not null;

    /// <summary>
    /// The shared server, started on first use (thread-safe) and stopped when the process exits.
    /// A failed start is not retried: every caller sees the same exception.
    /// </summary>
    public static Task<PostgresServer> GetAsync() => Instance.Value;

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var builder = new NpgsqlConnectionStringBuilder(baseConnection.ConnectionString)
        {
            Database = database,
            IncludeErrorDetail = true,
            Pooling = true,
            MaxPoolSize = 50,
        };
        return builder.ConnectionString;
    }

    /// <summary>
    /// Creates an empty, uniquely named database (<c>t_&lt;prefix&gt;_&lt;8 hex&gt;</c>) and returns
    /// its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = NewDatabaseName(prefix);
        await using (var connection = new NpgsqlConnection(ConnectionString(adminDatabase)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // The name is built from [a-z0-9_] only, so quoting it is enough.
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the shared server if this process started one; called once the test assembly has finished.</summary>
    public static async ValueTask StopIfStartedAsync()
    {
        if (Instance.IsValueCreated && Instance.Value.IsCompletedSuccessfully)
        {
            await (await Instance.Value).DisposeAsync();
        }
    }

    /// <summary>Stops the server (if this process started it) and deletes its directory.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            NpgsqlConnection.ClearAllPools();
            cluster?.Destroy();
        }

        return ValueTask.CompletedTask;
    }

    private static string NewDatabaseName(string? prefix)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return $"t_{suffix}";
        }

        var cleaned = NotIdentifierChars().Replace(prefix.ToLowerInvariant(), "_").Trim('_');
        if (cleaned.Length > 40)
        {
            cleaned = cleaned[..40];
        }

        return cleaned.Length == 0 ? $"t_{suffix}" : $"t_{cleaned}_{suffix}";
    }

    private static async Task<PostgresServer> StartOrConnectAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external);
            var admin = string.IsNullOrEmpty(builder.Database) ? "postgres" : builder.Database;
            var server = new PostgresServer(builder, admin, cluster: null);
            await server.CheckConnectionAsync(external);
            return server;
        }

        var cluster = await LocalCluster.StartAsync();
        var local = new PostgresServer(cluster.ConnectionString, "postgres", cluster);
        // The assembly fixture below stops it when the tests are done; this is the fallback for a run that never gets
        // there (a crash). Synchronous on purpose: ProcessExit handlers cannot await.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => local.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return local;
    }

    private async Task CheckConnectionAsync(string source)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(adminDatabase));
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"Cannot connect to the PostgreSQL server given by {ExternalServerVariable} ({Redact(source)}): {e.Message}",
                e);
        }
    }

    private static string Redact(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Password is not null)
        {
            builder.Password = "***";
        }

        return builder.ConnectionString;
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotIdentifierChars();

    /// <summary>A cluster in a temporary directory, run by the <c>postgres</c> user when we are root.</summary>
    private sealed class LocalCluster
    {
        private readonly string binDirectory;
        private readonly bool runAsPostgres;
        private readonly string rootDirectory;
        private int destroyed;

        private LocalCluster(string binDirectory, bool runAsPostgres, string rootDirectory)
        {
            this.binDirectory = binDirectory;
            this.runAsPostgres = runAsPostgres;
            this.rootDirectory = rootDirectory;
        }

        public NpgsqlConnectionStringBuilder ConnectionString { get; private set; } = new();

        private string DataDirectory => Path.Combine(rootDirectory, "data");

        private string LogFile => Path.Combine(rootDirectory, "server.log");

        public static async Task<LocalCluster> StartAsync()
        {
            var bin = FindBinDirectory();
            // initdb refuses to run as root, so root hands the directory to the postgres user.
            var runAsPostgres = Environment.UserName == "root" || Environment.IsPrivilegedProcess;
            var root = Directory.CreateTempSubdirectory("zhijian-pg-").FullName;
            var cluster = new LocalCluster(bin, runAsPostgres, root);
            try
            {
                await cluster.InitializeAsync();
                await cluster.StartServerAsync();
                return cluster;
            }
            catch
            {
                cluster.Destroy();
                throw;
            }
        }

        /// <summary>Stops the server without a checkpoint and deletes the directory; never throws.</summary>
        public void Destroy()
        {
            if (Interlocked.Exchange(ref destroyed, 1) != 0)
            {
                return;
            }

            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                try
                {
                    RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"])
                        .GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    // Best effort at exit: a leftover server dies with the machine's temp dir.
                }
            }

            try
            {
                Directory.Delete(rootDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort, as above.
            }
        }

        private static string FindBinDirectory()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(BinDirectoryVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment) && HasServerTools(fromEnvironment))
            {
                return fromEnvironment;
            }

            const string debianRoot = "/usr/lib/postgresql";
            var installed = Directory.Exists(debianRoot)
                ? Directory.GetDirectories(debianRoot)
                    .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: ParseVersion(Path.GetFileName(dir))))
                    .Where(candidate => HasServerTools(candidate.Dir))
                    .OrderByDescending(candidate => candidate.Version)
                    .Select(candidate => candidate.Dir)
                    .FirstOrDefault()
                : null;

            return installed ?? throw new InvalidOperationException(
                "PostgreSQL server binaries are missing: no initdb/pg_ctl under /usr/lib/postgresql/*/bin" +
                (string.IsNullOrWhiteSpace(fromEnvironment) ? "" : $" or in {BinDirectoryVariable}={fromEnvironment}") +
                ". The integration tests need a real PostgreSQL server. Run `bash scripts/test.sh` (which installs it) " +
                "or `apt-get install -y postgresql`, or set " + ExternalServerVariable +
                " to a superuser connection string of an existing server.");
        }

        private static bool HasServerTools(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        private static double ParseVersion(string name) =>
            double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var version) ? version : -1;

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        private string Tool(string name) => Path.Combine(binDirectory, name);

        private async Task InitializeAsync()
        {
            if (runAsPostgres)
            {
                var chown = await RunAsync("chown", ["-R", "postgres:postgres", rootDirectory], asPostgres: false);
                if (chown.ExitCode != 0)
                {
                    throw new InvalidOperationException(
                        $"Running as root, but could not give {rootDirectory} to the postgres user " +
                        $"(does the user exist? `apt-get install -y postgresql` creates it): {chown.Output}");
                }
            }

            var initdb = await RunAsync(Tool("initdb"),
                ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            if (initdb.ExitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed (exit {initdb.ExitCode}):\n{initdb.Output}");
            }
        }

        private async Task StartServerAsync()
        {
            var failures = new StringBuilder();
            for (var attempt = 1; attempt <= StartAttempts; attempt++)
            {
                var port = FreePort();
                // pg_ctl hands -o to a shell, hence the quotes.
                var options = $"-p {port} -k '{rootDirectory}' -c listen_addresses=127.0.0.1 -c fsync=off " +
                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
                var start = await RunAsync(Tool("pg_ctl"),
                    ["-D", DataDirectory, "-w", "-t", "60", "-l", LogFile, "-o", options, "start"]);
                if (start.ExitCode == 0)
                {
                    ConnectionString = new NpgsqlConnectionStringBuilder
                    {
                        Host = "127.0.0.1",
                        Port = port,
                        Username = "postgres",
                        Database = "postgres",
                    };
                    return;
                }

                failures.AppendLine(CultureInfo.InvariantCulture,
                    $"attempt {attempt} on port {port}: pg_ctl exit {start.ExitCode}: {start.Output.Trim()}");
                // A server that came up too slowly for -w may still be running; stop it before the next port.
                await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }

            throw new InvalidOperationException(
                $"PostgreSQL did not start after {StartAttempts} attempts (bin: {binDirectory}, dir: {rootDirectory}).\n" +
                failures + "--- server log (tail) ---\n" + LogTail(40));
        }

        private string LogTail(int lines)
        {
            try
            {
                return File.Exists(LogFile)
                    ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines))
                    : "(no log file)";
            }
            catch (IOException e)
            {
                return $"(log unreadable: {e.Message})";
            }
        }

        private Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments) =>
            RunAsync(file, arguments, runAsPostgres);

        private async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
        {
            var info = new ProcessStartInfo
            {
                FileName = asPostgres ? "runuser" : file,
                // The postgres user may not be allowed into the test's working directory.
                WorkingDirectory = rootDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (asPostgres)
            {
                foreach (var argument in (string[])["-u", "postgres", "--", file])
                {
                    info.ArgumentList.Add(argument);
                }
            }

            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            // Server messages in English whatever the machine's locale, so the log tail is readable.
            info.Environment["LC_MESSAGES"] = "C";

            using var process = Process.Start(info)
                ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException(
                    $"{Path.GetFileName(file)} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds:0} s.");
            }

            var output = (await stdout) + (await stderr);
            return (process.ExitCode, output);
        }
    }
}

/// <summary>
/// Stops the shared PostgreSQL server when the test assembly finishes, inside the runner's lifetime: left to a
/// ProcessExit handler, the shutdown (pg_ctl, deleting the data directory) ran after the runner had returned
/// and raced the test host's exit.
/// </summary>
public sealed class PostgresServerShutdown : IAsyncDisposable
{
    public ValueTask DisposeAsync() => PostgresServer.StopIfStartedAsync();
}
