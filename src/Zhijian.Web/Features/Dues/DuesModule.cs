using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Components;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>The Dues module (党费 / 团费). Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class DuesModule
{
    /// <summary>Services, options (validated on start) and the monthly job of Dues.</summary>
    public static IServiceCollection AddDues(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<DuesOptions>().Bind(config.GetSection(DuesOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DuesProfiles>();
        services.AddScoped<DuesProfilesBulk>();
        services.AddScoped<DuesLedger>();
        services.AddScoped<DuesPayments>();
        services.AddScoped<DuesReport>();
        services.AddScoped<DuesReceipts>();
        services.AddScoped<DuesOnline>();
        services.AddScoped<DuesImporter>();
        services.AddSingleton<SandboxPaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SandboxPaymentProvider>());
        services.AddScoped<IOrganizationChangeHandler, DuesPlacement>();
        services.AddScoped<IAlertSource, DuesAlertSource>();
        services.AddHostedService<DuesMonthJob>();
        services.AddScoped<Zhijian.Web.Data.Demo.IDemoContributor, DuesDemo>(); // profiles and a year of ledgers in the demo
        services.AddDuesTabs(); // its tab of the organization console
        services.AddMeSection<Pages.MyDues>(order: 30); // its part of /me
        services.AddDashboardFigure<Pages.DuesRateFigure>(order: 30); // this month's collection rate on the dashboard
        return services;
    }

    /// <summary>The API routes of Dues.</summary>
    public static IEndpointRouteBuilder MapDues(this IEndpointRouteBuilder api)
    {
        api.MapDuesEndpoints();
        return api;
    }
}

/// <summary>Settings of section <c>Dues</c>.</summary>
public sealed class DuesOptions
{
    public const string Section = "Dues";

    /// <summary>Whether the monthly job generates each month's lines for every top organization.</summary>
    public bool MonthJob { get; set; } = true;

    /// <summary>How often the job looks whether this month is generated yet (it generates once per month across instances).</summary>
    [Range(1, 24 * 60)]
    public int MonthJobIntervalMinutes { get; set; } = 60;

    /// <summary>The provider of /me's online payment (<see cref="IPaymentProvider.Name"/>); the built-in one is <c>sandbox</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PaymentProvider { get; set; } = SandboxPaymentProvider.ProviderName;

    /// <summary>The sandbox's HMAC key; empty draws one per process (set it when several instances share a database).</summary>
    public string? SandboxSecret { get; set; }
}

/// <summary>
/// On the 1st (its first tick of a month), generates the month for every top organization. The month's own lease
/// (<see cref="JobLeases"/>, named by month) makes one instance do it once per month.
/// </summary>
public sealed class DuesMonthJob(IServiceScopeFactory scopes, IOptions<DuesOptions> options, ILogger<DuesMonthJob> log)
    : ScheduledJob(scopes, log)
{
    protected override TimeSpan? Interval => options.Value.MonthJob ? TimeSpan.FromMinutes(options.Value.MonthJobIntervalMinutes) : null;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var month = DuesMonth.Of(services.GetRequiredService<TimeProvider>().Today());
        var leases = services.GetRequiredService<JobLeases>();
        var name = $"DuesMonth-{month.Key}";
        if (!await leases.TryClaimAsync(name, TimeSpan.FromDays(40), ct))
        {
            return;
        }

        string? error = null;
        try
        {
            await GenerateAllAsync(services, month, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.GetType().Name + ": " + e.Message;
            throw;
        }
        finally
        {
            await leases.FinishAsync(name, error, CancellationToken.None);
        }
    }

    /// <summary>Generates <paramref name="month"/> for every active top organization.</summary>
    public static async Task GenerateAllAsync(IServiceProvider services, DuesMonth month, CancellationToken ct)
    {
        var db = services.GetRequiredService<ZhijianDbContext>();
        var ledger = services.GetRequiredService<DuesLedger>();
        var roots = await db.Organizations.Where(o => o.ParentId == null && o.Status == OrgStatus.Active).OrderBy(o => o.Id).ToListAsync(ct);
        foreach (var root in roots)
        {
            await ledger.GenerateAsync(root, month, ct);
        }
    }
}
