var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
app.Run();

/// <summary>Entry point; public so that tests can host it.</summary>
public partial class Program;
