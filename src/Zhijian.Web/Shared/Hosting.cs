using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Scalar.AspNetCore;
using Serilog;
using Zhijian.Web.Authorization;
using Zhijian.Web.Components;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Alerts;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Corrections;
using Zhijian.Web.Features.Development;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.Elections;
using Zhijian.Web.Features.Evaluations;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Learning;
using Zhijian.Web.Features.Libraries;
using Zhijian.Web.Features.Mailbox;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Notices;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Features.SelfService;
using Zhijian.Web.Features.Statistics;
using Zhijian.Web.Features.Talks;
using Zhijian.Web.Features.Transfers;

namespace Zhijian.Web.Shared;

/// <summary>Service registration and the request pipeline, so that Program.cs stays a composition root.</summary>
public static class Hosting
{
    private const string SmartScheme = "ZhijianSmart";

    public static WebApplicationBuilder AddZhijian(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        builder.Host.UseSerilog((context, log) => log
            .ReadFrom.Configuration(context.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));

        services.AddZhijianDatabase(config, builder.Environment.ContentRootPath);
        services.AddSingleton(StartedClock.From(config));
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentPrincipal>();
        services.AddScoped<IActor, HttpActor>();
        services.AddScoped<CallerScope>();
        services.AddScoped<JobLeases>();
        services.Configure<DemoOptions>(config.GetSection("Demo"));

        // Identity and the authentication schemes first: the Accounts module replaces Identity's user store and raises its
        // password rules, which must come after AddIdentityCore.
        AddSecurity(services);

        // Features: each a room with its own module (services, options validated on start, jobs). The order is the order
        // of the organization-change handlers, which follows the lock order (memberships → positions → other rows).
        services.AddAudit(config);
        services.AddRules(config);
        services.AddOrganizations(config);
        services.AddMembers(config);
        services.AddCadres(config);
        services.AddTransfers(config);
        services.AddMeetings(config);
        services.AddAlerts(config);
        services.AddCorrections(config);
        services.AddStatistics(config);
        services.AddImportExport(config);
        services.AddAccounts(config);
        services.AddSelfService(config);
        services.AddEvaluations(config);
        services.AddElections(config);
        services.AddDevelopment(config);
        services.AddDues(config);
        services.AddNotices(config);
        services.AddTalks(config);
        services.AddMailbox(config);
        services.AddLearning(config);
        services.AddLibraries(config);

        services.AddScoped<CounterRebuilder>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<BulkSeeder>();
        services.AddScoped<DatabaseInitializer>();
        builder.AddWebHardening();

        // The web console: Blazor Web App over the same services as the API.
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopCenter);
        services.AddScoped<UiRunner>();
        ChineseMudLocalizer.Register(services); // MudBlazor's own labels (grid selection, pagers, pickers) in Chinese

        services.ConfigureHttpJsonOptions(o =>
        {
            Json(o.SerializerOptions);
            InputGuard.Json(o.SerializerOptions);
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (!c.ProblemDetails.Extensions.ContainsKey("code"))
            {
                var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
                c.ProblemDetails.Extensions["code"] = status switch
                {
                    401 => ErrorCodes.Unauthorized,
                    403 => ErrorCodes.Forbidden,
                    404 => ErrorCodes.NotFound,
                    405 => "method_not_allowed",
                    _ => ErrorCodes.MalformedRequest,
                };
                c.ProblemDetails.Detail ??= status switch
                {
                    401 => "请先登录（缺少或无效的访问令牌）",
                    403 => "您没有执行此操作的权限",
                    404 => "请求的地址不存在",
                    _ => null,
                };
                c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Zhijian 智建 API";
                doc.Info.Description = "智慧党建 · 智慧团建：组织、党（团）员、干部信息库与日常组织工作。";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(QueryValues.DescribeEnumParameters);
            o.AddZhijianContract();
        });
        services.AddZhijianTelemetry(config);
        services.AddHealthChecks().AddDbContextCheck<ZhijianDbContext>("database")
            .AddCheck<MigrationsHealthCheck>("migrations");
        services.AddSingleton<MigrationsHealthCheck>();
        return builder;
    }

    /// <summary>JSON as API.md says: camelCase, enums as camelCase strings, no nulls dropped.</summary>
    public static void Json(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    private static void AddSecurity(IServiceCollection services)
    {
        services.AddIdentityCore<ZhijianUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<ZhijianDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddDataProtection().SetApplicationName("Zhijian").PersistKeysToDbContext<ZhijianDbContext>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Bearer or cookie", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8))
            .AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Cookie.Name = "zhijian.auth";
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, 401);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, 403);
            }));
        services.AddAuthorization();
        services.AddZhijianPolicies();
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseZhijian(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !Directory.Exists(app.Environment.WebRootPath))
        {
            // Static assets are served from <content root>/wwwroot: without it the console answers empty styles and
            // scripts. The content root is the working directory unless ASPNETCORE_CONTENTROOT says otherwise.
            app.Logger.LogError("No wwwroot under the content root {ContentRoot}: start the app from its own folder or set " +
                "ASPNETCORE_CONTENTROOT to it (the console will have no styles or scripts)", app.Environment.ContentRootPath);
        }

        // Request logging outermost, so that it records the status the problem handler chose.
        // RequestPath carries no query string: searches by ID number never reach the log.
        app.UseSerilogRequestLogging(o =>
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms");
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebHardening();
        app.UseAuthentication();
        app.UseTwoFactorEnrolmentGate();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets();

        app.MapGet("/health", () => Results.Ok(new { status = "healthy" })).AllowAnonymous().WithTags("Health")
            .Produces<OpenApiContract.HealthAnswer>().WithSummary("存活检查");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(new
            {
                status = report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy ? "healthy" : "unhealthy",
                checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString().ToLowerInvariant()),
            }),
        }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api-docs", o => o
            .WithTitle("Zhijian 智建 API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            // An intranet deployment has no internet: no web fonts, telemetry, AI agent or proxy from scalar.com.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()).AllowAnonymous();

        // Every API route gets the edge checks of InputGuard (plausible dates, UTC instants, no control characters).
        var api = app.MapGroup("").AddEndpointFilterFactory(InputGuard.Filter);
        api.MapAntiforgeryEndpoint();
        api.MapAccounts();
        api.MapOrganizations();
        api.MapMembers();
        api.MapCadres();
        api.MapRules();
        api.MapImportExport();
        api.MapStatistics();
        api.MapAudit();
        api.MapMeetings();
        api.MapAlerts();
        api.MapCorrections();
        api.MapTransfers();
        api.MapEvaluations();
        api.MapElections();
        api.MapDevelopment();
        api.MapDues();
        api.MapNotices();
        api.MapTalks();
        api.MapMailbox();
        api.MapLearning();
        api.MapLibraries();
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<ZhijianUser> signIn,
            Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // A session that already ended (the password was changed, or it was signed out elsewhere) arrives anonymous,
            // and its form's antiforgery token, bound to the user, no longer validates: there is nothing left to protect,
            // so the stale cookie is just dropped. A live session must send a valid token (no forced sign-out by CSRF).
            if (http.User.Identity?.IsAuthenticated == true)
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    return Results.Problem(ProblemExceptionHandler.Create(http, 400, ErrorCodes.AntiforgeryFailed,
                        "页面已过期，请刷新后再退出"));
                }

                await signIn.SignOutEverywhereAsync();
            }
            else
            {
                await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            }

            return Results.LocalRedirect("/login");
        }).DisableAntiforgery().ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
