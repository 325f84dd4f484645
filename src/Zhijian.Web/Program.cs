using Zhijian.Web.Cli;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

var builder = WebApplication.CreateBuilder(args);
builder.AddZhijian();
var app = builder.Build();

if (CliVerbs.IsVerb(args))
{
    return await CliVerbs.RunAsync(app, args);
}

// Options are validated before the database is migrated or seeded, and before RunAsync, which would dispose the host
// on the failure (a test host then sees a disposed provider instead of the options' message).
app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
await DatabaseInitializer.RunAtStartAsync(app.Services);
app.UseZhijian();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host it.</summary>
public partial class Program;
