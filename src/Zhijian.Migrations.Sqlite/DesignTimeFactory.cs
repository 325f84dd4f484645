using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Zhijian.Web.Data;

namespace Zhijian.Migrations.Sqlite;

/// <summary>Lets dotnet-ef build the model for this provider: <c>dotnet ef migrations add NAME --project src/Zhijian.Migrations.Sqlite</c>.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ZhijianDbContext>
{
    public ZhijianDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ZhijianDbContext>();
        DatabaseSetup.Configure(options, postgres: false, "Data Source=design-time.db", Path.GetTempPath());
        return new ZhijianDbContext(options.Options);
    }
}
