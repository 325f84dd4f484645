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

await DatabaseInitializer.RunAtStartAsync(app.Services);
app.UseZhijian();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host it.</summary>
public partial class Program;
