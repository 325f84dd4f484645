using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Zhijian.Web.Data;

namespace Zhijian.Migrations.Postgres;

/// <summary>Lets dotnet-ef build the model for this provider: <c>dotnet ef migrations add NAME --project src/Zhijian.Migrations.Postgres</c>.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ZhijianDbContext>
{
    public ZhijianDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ZhijianDbContext>();
        DatabaseSetup.Configure(options, postgres: true, "Host=localhost;Database=zhijian_design;Username=postgres", Path.GetTempPath());
        return new ZhijianDbContext(options.Options);
    }
}
