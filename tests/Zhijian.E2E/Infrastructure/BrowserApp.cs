using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Zhijian.Web.Data;

namespace Zhijian.E2E.Infrastructure;

/// <summary>
/// The application on a real socket over a fresh SQLite database with the demo data, and one headless
/// Debian Chromium, shared by the tests of one class. Each test opens its own browser context.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    /// <summary>The password of every demo account.</summary>
    public const string DemoPassword = DemoOptions.DefaultAdminPassword;

    /// <summary>How long a locator action or an <c>Expect</c> assertion waits before it fails.</summary>
    public const float TimeoutMs = 15_000;

    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"zhijian-e2e-{Guid.NewGuid():N}.db");
    private DemoServer? factory;
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The address Kestrel listens on, e.g. <c>http://127.0.0.1:43117/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Not initialized");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install Debian's Chromium and CJK fonts (apt-get install -y chromium fonts-noto-cjk) or run scripts/test.sh, which does.");
        }

        factory = new DemoServer(databaseFile);
        // Starting runs Program: migrations and the demo data load before the server listens.
        await Task.Run(factory.StartServer);
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("The server reports no listening address");
        BaseAddress = new Uri(addresses.Addresses.First());

        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (own cookies) with a Chinese locale and a 1366×768 window.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(TimeoutMs);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" })
        {
            File.Delete(f);
        }
    }

    /// <summary>
    /// The application with the demo data on a random loopback port. Settings go through
    /// <see cref="ConfigureWebHost"/> rather than <c>WithWebHostBuilder</c>: a derived factory would
    /// ignore the port given to <c>UseKestrel(0)</c> (the parent applies it) and bind localhost:5000.
    /// </summary>
    private sealed class DemoServer : WebApplicationFactory<Program>
    {
        private readonly string databaseFile;

        public DemoServer(string databaseFile)
        {
            this.databaseFile = databaseFile;
            UseKestrel(0);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Database:Provider", "sqlite");
            builder.UseSetting("ConnectionStrings:Zhijian", $"Data Source={databaseFile}");
            builder.UseSetting("Database:AutoMigrate", "true");
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.UseSetting("Alerts:Enabled", "false");
            builder.UseSetting("Security:RateLimits:TokenPermitLimit", "1000000");
            builder.UseSetting("Security:RateLimits:PasswordPermitLimit", "1000000");
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new DemoClock()));
        }
    }

    /// <summary>
    /// A clock that starts at a fixed instant (10:00 Beijing time on 2026-11-23) and runs at real speed:
    /// the demo data (term dates, ages) and so the screenshots come out the same on every run.
    /// </summary>
    private sealed class DemoClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        private readonly long started = Stopwatch.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => Start + Stopwatch.GetElapsedTime(started);
    }
}
